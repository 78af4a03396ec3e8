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

// A published breaking report's page: the alert's delivery counts move for a while after publishing (deliveries are sent
// and retried, stream clients counted), so the panel is fetched again every few seconds and swapped in whole, until
// nothing is pending and a few more rounds brought no change, or a few minutes have passed.
const deliveryEveryMs = 2000;
const deliveryMaxRounds = 90;
const settledRoundsToStop = 3;

async function refreshDelivery(round, settledRounds) {
  const panel = document.querySelector('[data-alert-delivery]');
  if (!panel || round >= deliveryMaxRounds || settledRounds >= settledRoundsToStop) {
    return;
  }
  let settled = settledRounds;
  try {
    const response = await fetch(panel.dataset.refresh, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (response.ok) {
      const html = await response.text();
      const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-alert-delivery]');
      if (fresh) {
        panel.replaceWith(document.importNode(fresh, true));
        settled = fresh.dataset.settled === 'true' ? settledRounds + 1 : 0;
      }
    }
  } catch {
    // The next round asks again.
  }
  setTimeout(() => refreshDelivery(round + 1, settled), deliveryEveryMs);
}

if (document.querySelector('[data-alert-delivery]')) {
  setTimeout(() => refreshDelivery(0, 0), deliveryEveryMs);
}
