// The newsroom desk's live list: new beta feedback, held comments and correction requests appear while the desk is
// open, without a reload. It asks /desk/live every few seconds for what arrived since the last answer (with some overlap,
// since feedback is written in batches a moment after it is accepted) and lists each item once.
const section = document.querySelector('[data-desk-live]');
const list = section?.querySelector('[data-desk-live-list]');
const status = section?.querySelector('[data-desk-live-status]');
const everyMs = 4000;
const overlapMs = 30000;
const seen = new Set();

let since = section?.dataset.since;

function show(item) {
  const li = document.createElement('li');
  li.dataset.liveItem = item.id;
  const link = document.createElement('a');
  link.href = item.href;
  link.textContent = item.kind;
  li.append(link, ': ', item.text.length > 200 ? item.text.slice(0, 200) + '…' : item.text);
  list.prepend(li);
}

async function poll() {
  try {
    const response = await fetch('/desk/live?since=' + encodeURIComponent(since), {
      headers: { Accept: 'application/json' }, credentials: 'same-origin',
    });
    if (response.ok) {
      const answer = await response.json();
      const fresh = answer.items.filter((item) => !seen.has(item.id) && Date.parse(item.at) >= Date.parse(section.dataset.since));
      for (const item of fresh) {
        seen.add(item.id);
        show(item);
      }
      if (fresh.length > 0) {
        status.textContent = `${seen.size} new since this page opened.`;
      }
      since = new Date(Date.parse(answer.now) - overlapMs).toISOString();
    }
  } catch {
    // A missed poll is caught up by the next one: it asks from the same moment.
  }
  setTimeout(poll, everyMs);
}

if (section && list && status && since) {
  setTimeout(poll, everyMs);
}
