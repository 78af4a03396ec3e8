// Reader feedback on a report without reloads. Every form already works as a plain post (303 back to the report);
// this module sends the same form fields with fetch, and the server answers with the feedback part re-rendered,
// from which the parts that changed are put in place. Without this module nothing is lost.

const fragmentHeader = 'X-Nojor-Fragment';
const formHeader = 'X-Nojor-Feedback-Form';
const antiforgeryField = '__af';

const section = document.getElementById('feedback');
if (section) {
  section.addEventListener('submit', submit);
  enableQuoting(section);
  // A marker that the enhanced path is on: tests and styles can tell the page was not reloaded.
  section.dataset.enhanced = 'true';
}

async function submit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-feedback-form')) {
    return;
  }
  event.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') {
    return;
  }
  // The form's own fields (the anti-forgery token among them, when the page has one) and the button pressed.
  const body = new URLSearchParams(new FormData(form, event.submitter));
  busy(form, true);
  let response;
  let html;
  try {
    response = await fetch(form.action, {
      method: 'POST',
      body,
      headers: { [fragmentHeader]: 'feedback', Accept: 'text/html' },
      credentials: 'same-origin',
    });
    html = await response.text();
  } catch {
    busy(form, false);
    problem(form, 'We could not reach Nojor. Check your connection, then send it again.');
    return;
  }
  busy(form, false);
  const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('feedback');
  if (!fresh) {
    // Not the feedback part: a page of its own (not found, unavailable, too large). What was typed stays in the form.
    problem(form, messageFor(response.status));
    return;
  }
  update(form, fresh, response.ok, response.headers.get(formHeader));
}

// Puts the server's answer in place: the form it belongs to (with its confirmation or messages), and after a
// success the counts and the thread. Other forms keep whatever the reader has typed in them.
function update(form, fresh, succeeded, resultId) {
  const result = resultId ? fresh.querySelector(`#${CSS.escape(resultId)}`) : null;
  const commented = new URL(form.action).pathname.endsWith('/comments');
  const parts = succeeded ? (commented ? ['feedback-summary', 'comment-list'] : ['feedback-summary']) : [];
  if (result && !(succeeded && fresh.querySelector('#comment-list')?.contains(result))) {
    parts.push(result.id);
  }
  // An earlier confirmation elsewhere is old news once something else was sent.
  for (const old of section.querySelectorAll('.notice.success[data-feedback-focus]')) {
    old.remove();
  }
  const placed = [];
  for (const id of parts) {
    const next = fresh.querySelector(`#${CSS.escape(id)}`);
    const current = document.getElementById(id);
    if (next && current) {
      current.replaceWith(document.adoptNode(next));
      placed.push(next);
    }
  }
  refreshTokens(fresh);
  if (!result) {
    problem(form, messageFor(0));
    return;
  }
  // Focus moves to the confirmation or the messages, so they are read out and in view.
  for (const part of placed) {
    const target = part.querySelector('[data-feedback-focus]');
    if (target) {
      target.focus();
      target.scrollIntoView({ block: 'nearest' });
      break;
    }
  }
}

// The first post of a reader without the cookie issues their reader token: from then on every form must carry the
// anti-forgery token the answer brought, including the forms that were not replaced.
function refreshTokens(fresh) {
  const token = fresh.querySelector(`input[name="${antiforgeryField}"]`)?.value;
  if (!token) {
    return;
  }
  for (const form of section.querySelectorAll('form[data-feedback-form]')) {
    let input = form.querySelector(`input[name="${antiforgeryField}"]`);
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = antiforgeryField;
      form.append(input);
    }
    input.value = token;
  }
}

function busy(form, on) {
  form.setAttribute('aria-busy', on ? 'true' : 'false');
  for (const button of form.querySelectorAll('button')) {
    button.disabled = on;
  }
}

// A message the server could not render into the form itself.
function problem(form, message) {
  for (const old of form.querySelectorAll('[data-feedback-focus]')) {
    old.remove();
  }
  const box = document.createElement('div');
  box.className = 'error-summary';
  box.tabIndex = -1;
  box.setAttribute('data-feedback-focus', '');
  const title = document.createElement('p');
  title.className = 'error-summary-title';
  title.textContent = 'There is a problem';
  const text = document.createElement('p');
  text.textContent = message;
  box.append(title, text);
  form.prepend(box);
  box.focus();
}

function messageFor(status) {
  switch (status) {
    case 404:
      return 'This report is no longer here. Reload the page to see where it went.';
    case 413:
      return 'That is longer than we accept. Shorten it, then send it again.';
    case 429:
      return 'You have sent a lot in a short time. Wait a minute, then send it again.';
    case 400:
      return 'This page is out of date. Reload it, then send your feedback again.';
    default:
      return 'Nothing was saved: Nojor could not take it just now. Try again in a moment.';
  }
}

// "Suggest a correction" from a selection: selecting text in the report body shows a button that quotes it in the
// correction form and takes the reader there.
function enableQuoting(section) {
  const passage = section.querySelector('#correction-passage');
  const fix = section.querySelector('#correction-fix');
  const body = document.querySelector('[data-report-body]') ?? section.closest('main');
  if (!passage || !fix || !body) {
    return;
  }
  for (const hint of section.querySelectorAll('[data-quote-hint]')) {
    hint.hidden = false;
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'quote-selection';
  button.textContent = 'Quote the selected text';
  button.hidden = true;
  body.after(button);
  let quoted = '';

  document.addEventListener('selectionchange', () => {
    const text = selectedIn(body, section);
    if (text) {
      quoted = text;
      button.hidden = false;
    } else if (document.activeElement !== button) {
      button.hidden = true;
    }
  });
  // Pressing the button must not end the selection it is about to quote.
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => {
    if (!quoted) {
      return;
    }
    passage.value = quoted.slice(0, 5000);
    button.hidden = true;
    fix.focus();
    fix.scrollIntoView({ block: 'center' });
  });
}

// The selected text when the whole selection lies in the report body (and outside the feedback part), else ''.
function selectedIn(body, section) {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
    return '';
  }
  const range = selection.getRangeAt(0);
  const inside = (node) => body.contains(node) && !section.contains(node);
  if (!inside(range.startContainer)) {
    return '';
  }
  let text = selection.toString();
  if (!inside(range.endContainer)) {
    // A triple click on the body's last paragraph selects up to whatever follows it: keep the body's part.
    const clipped = range.cloneRange();
    clipped.setEnd(body, body.childNodes.length);
    text = clipped.toString();
  }
  return text.replace(/\s+/g, ' ').trim();
}
