// The alert stream behind the switch: an EventSource on the notification service's Server-Sent Events (through the
// gateway, on this origin). Each alert becomes a notice in the layout's live region, linking to its report.
// What was shown and the last event id are kept for this tab (sessionStorage), so the next page shows the same
// notices and resumes where this one stopped. Notices are keyed by alert id, so an alert replayed on a resume is
// never shown twice.
const MEMORY = 'nojor.alerts.seen';
const RESUME_WITHIN_MS = 10 * 60 * 1000;
const MAX_NOTICES = 5;
const MAX_IDS = 200;
const KINDS = {
  'article.breaking': 'Breaking',
  'article.updated': 'Update',
  'article.corrected': 'Correction',
  'article.retracted': 'Retracted',
};

function recall(key) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(MEMORY) ?? 'null');
    if (saved && Array.isArray(saved.notices) && Array.isArray(saved.ids)) {
      // Other sections or places: what was missed under the old choice is no reason to replay the new one's backlog.
      return saved.key === key ? saved : { ...saved, key, lastEventId: '', at: 0 };
    }
  } catch {
    // Nothing usable kept: start afresh.
  }
  return { key, lastEventId: '', at: 0, notices: [], ids: [] };
}

function keep(memory) {
  try {
    sessionStorage.setItem(MEMORY, JSON.stringify(memory));
  } catch {
    // Storage refused: this page still shows its notices.
  }
}

/** The report's page on this site; the alert's own url only when it is a web address. */
function linkOf(data) {
  if (typeof data.slug === 'string' && data.slug.length > 0) {
    return '/articles/' + encodeURIComponent(data.slug);
  }
  try {
    const url = new URL(String(data.url), location.origin);
    if (url.protocol === 'https:' || url.protocol === 'http:') {
      return url.origin === location.origin ? url.pathname + url.search : url.href;
    }
  } catch {
    // Not a URL.
  }
  return '/alerts';
}

function render(notice, dismiss) {
  const item = document.createElement('li');
  item.className = 'alert-notice';
  item.dataset.alertId = notice.id;
  const kind = document.createElement('span');
  kind.className = 'alert-kind';
  kind.textContent = notice.kind;
  const link = document.createElement('a');
  link.href = notice.href;
  link.textContent = notice.headline;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'alert-dismiss secondary';
  button.textContent = 'Dismiss';
  const name = document.createElement('span');
  name.className = 'visually-hidden';
  name.textContent = `: ${notice.headline}`;
  button.append(name);
  button.addEventListener('click', () => dismiss(notice.id, item));
  item.append(kind, ' ', link, ' ', button);
  return item;
}

export function openStream(region, settings, show, fallbackFocus) {
  const memory = recall(JSON.stringify([settings.sections, settings.places]));
  let source = null;
  let timer = 0;
  let delay = 1000;
  let closed = false;

  const list = () => {
    let found = region.querySelector('.alert-notices');
    if (!found) {
      found = document.createElement('ul');
      found.className = 'alert-notices';
      found.setAttribute('aria-label', 'Live alerts');
      region.append(found);
    }
    return found;
  };
  const tidy = () => {
    const found = region.querySelector('.alert-notices');
    if (found && found.children.length === 0) {
      found.remove(); // an empty region collapses
    }
  };
  const dismiss = (id, item) => {
    memory.notices = memory.notices.filter((n) => n.id !== id);
    keep(memory);
    const next = item.nextElementSibling ?? item.previousElementSibling;
    item.remove();
    tidy();
    (next?.querySelector('button') ?? fallbackFocus)?.focus();
  };
  const drop = (id) => {
    memory.notices = memory.notices.filter((n) => n.id !== id);
    region.querySelector(`.alert-notice[data-alert-id="${CSS.escape(id)}"]`)?.remove();
  };

  // Notices from the previous page come back without being announced again.
  const existing = region.querySelector('.alert-notices');
  if (memory.notices.length > 0 && !existing) {
    region.setAttribute('aria-live', 'off');
    const restored = list();
    for (const notice of memory.notices) {
      restored.append(render(notice, dismiss));
    }
    requestAnimationFrame(() => region.setAttribute('aria-live', 'polite'));
  }

  const receive = (event) => {
    if (event.lastEventId) {
      memory.lastEventId = event.lastEventId;
    }
    memory.at = Date.now();
    let data = null;
    try {
      data = JSON.parse(event.data)?.data ?? null;
    } catch {
      // An unreadable message is skipped; the stream goes on.
    }
    const id = String(data?.alertId ?? event.lastEventId);
    if (!data || memory.ids.includes(id)) {
      keep(memory);
      return;
    }
    memory.ids.push(id);
    memory.ids = memory.ids.slice(-MAX_IDS);
    if (typeof data.supersedes === 'string') {
      drop(data.supersedes); // a newer alert on the same story replaces the earlier one
    }
    const notice = { id, kind: KINDS[event.type] ?? 'Alert', headline: String(data.headline ?? 'A new alert'), href: linkOf(data) };
    memory.notices.unshift(notice);
    for (const old of memory.notices.splice(MAX_NOTICES)) {
      region.querySelector(`.alert-notice[data-alert-id="${CSS.escape(old.id)}"]`)?.remove();
    }
    keep(memory);
    list().prepend(render(notice, dismiss));
  };

  const connect = () => {
    const url = new URL('/api/notifications/stream', location.origin);
    if (settings.sections.length > 0) {
      url.searchParams.set('sections', settings.sections.join(','));
    }
    if (settings.places.length > 0) {
      url.searchParams.set('places', settings.places.join(','));
    }
    // A new page (or a reconnect of ours) resumes after the last alert seen; the browser's own reconnects send
    // Last-Event-ID, which the service prefers to this parameter.
    if (memory.lastEventId && Date.now() - memory.at < RESUME_WITHIN_MS) {
      url.searchParams.set('lastEventId', memory.lastEventId);
    }
    source = new EventSource(url);
    source.addEventListener('open', () => {
      delay = 1000;
      show('open');
    });
    source.addEventListener('error', () => {
      if (closed) {
        return;
      }
      show('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser gives up after an error status (a 503 while the service restarts, a 429): retry, backing off.
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 60_000);
      }
    });
    for (const type of Object.keys(KINDS)) {
      source.addEventListener(type, receive);
    }
  };

  const leave = () => {
    memory.at = Date.now(); // resuming is measured from when the reader left this page
    keep(memory);
  };
  window.addEventListener('pagehide', leave);
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
      window.removeEventListener('pagehide', leave);
    },
  };
}
