// Live breaking-news alerts: the header switch on every page. This module stays small; it loads the stream
// (alerts-stream.js) only while alerts are on, and the modules of the alert pages only where they are.
// The switch and the chosen sections and places live in localStorage, so they follow the reader from page to page
// (and tab to tab).
const SETTINGS = 'nojor.alerts';
const MEMORY = 'nojor.alerts.seen';
const STATUS_TEXT = { connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

const toggle = document.querySelector('[data-alerts-switch]');
const region = document.getElementById('alerts');
const status = document.querySelector('[data-alerts-status]');
let stream = null;
let generation = 0;

const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string' && v.length > 0).slice(0, 50) : []);

export function readSettings() {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS) ?? '{}') ?? {};
    return { on: saved.on === true, sections: strings(saved.sections), places: strings(saved.places) };
  } catch {
    return { on: false, sections: [], places: [] };
  }
}

function show(state) {
  region.dataset.state = state;
  status.textContent = STATUS_TEXT[state] ?? '';
}

async function apply(settings) {
  const current = ++generation;
  toggle.setAttribute('aria-pressed', String(settings.on));
  toggle.querySelector('.alerts-switch-state').textContent = settings.on ? 'on' : 'off';
  stream?.close();
  stream = null;
  if (!settings.on) {
    // Switched off: nothing to resume from later, and the notices go with the stream.
    try {
      sessionStorage.removeItem(MEMORY);
    } catch {
      // Storage may be blocked; there is then nothing to forget either.
    }
    region.querySelector('.alert-notices')?.remove();
    show('off');
    return;
  }
  show('connecting');
  const { openStream } = await import('./alerts-stream.js');
  if (current === generation) {
    stream = openStream(region, settings, show, toggle);
  }
}

/** Saves new settings and applies them to this page; other tabs follow through the storage event. */
export function change(settings) {
  try {
    localStorage.setItem(SETTINGS, JSON.stringify(settings));
  } catch {
    // Private browsing may refuse storage: the switch still works on this page.
  }
  return apply(settings);
}

if (toggle && region && status && 'EventSource' in window) {
  toggle.hidden = false;
  toggle.addEventListener('click', () => change({ ...readSettings(), on: toggle.getAttribute('aria-pressed') !== 'true' }));
  window.addEventListener('storage', (event) => {
    if (event.key === SETTINGS) {
      apply(readSettings());
    }
  });
  apply(readSettings());
  const filters = document.querySelector('[data-alerts-filters]');
  if (filters) {
    import('./alerts-filters.js').then((module) => module.enhance(filters, readSettings, change));
  }
}

if (document.querySelector('[data-delivery-log], [data-copy]')) {
  import('./alerts-log.js').then((module) => module.enhance(document));
}

if (document.querySelector('[data-push-form]')) {
  import('./alerts-push.js').then((module) => module.enhance(document));
}
