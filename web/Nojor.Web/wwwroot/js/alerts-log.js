// The subscription page: while a delivery is pending (a test ping just sent, say) the delivery log refreshes itself
// until it has an outcome, as the "Refresh the log" link does by hand; and the signing secret gets a copy button.
const MAX_TRIES = 40;

function follow(status) {
  let tries = 0;
  const tick = async () => {
    const current = document.querySelector('[data-delivery-log]');
    if (!current || current.dataset.pending !== 'true' || tries >= MAX_TRIES) {
      return;
    }
    tries += 1;
    try {
      const response = await fetch(current.dataset.deliveryLog, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (response.ok) {
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-delivery-log]');
        if (fresh) {
          current.replaceWith(fresh);
          if (fresh.dataset.pending !== 'true') {
            status.textContent = 'The delivery log is up to date.';
          }
        }
      } else if (response.status !== 429 && response.status < 500) {
        return; // no longer ours to read (deleted, or the key is gone): the page says so on its next load
      }
    } catch {
      // No answer this time; the next try may get one.
    }
    // Each try is a call counted against the subscription's management budget: slow down as time passes.
    setTimeout(tick, Math.min(1000 + tries * 500, 5000));
  };
  setTimeout(tick, 1000);
}

function copyButtons(root) {
  if (!navigator.clipboard) {
    return; // only secure pages may write to the clipboard; the secret stays selectable
  }
  for (const button of root.querySelectorAll('[data-copy]')) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) {
      continue;
    }
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Select and copy it by hand';
      }
    });
  }
}

export function enhance(root) {
  copyButtons(root);
  const log = root.querySelector('[data-delivery-log]');
  if (log) {
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    log.before(status);
    follow(status);
  }
}
