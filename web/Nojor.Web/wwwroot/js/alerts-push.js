// Alerts when the page is closed (/alerts/push): registers the service worker (/sw.js, scoped to the whole site), asks
// the browser for a push subscription with our VAPID key, and posts it with the reader's filters through the page's own
// form, so the server keeps the management token in an HttpOnly cookie. Turning alerts off also ends the browser's
// subscription; the form itself works without this script.
const base64UrlToBytes = (text) => {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function subscribe(form, status) {
  const key = form.dataset.applicationServerKey;
  if (!key) {
    status.textContent = 'Notifications cannot be turned on just now. Try again in a minute.';
    return;
  }
  status.textContent = 'Asking your browser…';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    status.textContent = 'Your browser did not allow notifications from Nojor. Allow them in its site settings, then try again.';
    return;
  }
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  await navigator.serviceWorker.ready;
  // A subscription made with another key (an older deployment's) cannot be reused: end it and make a new one.
  const existing = await registration.pushManager.getSubscription();
  if (existing) {
    await existing.unsubscribe();
  }
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) });
  form.querySelector('[data-push-subscription]').value = JSON.stringify(subscription.toJSON());
  form.submit();
}

export function enhance(root) {
  const form = root.querySelector('[data-push-form]');
  const status = form.querySelector('[data-push-status]');
  if (!supported()) {
    return;
  }
  for (const note of root.querySelectorAll('[data-push-nojs]')) {
    note.hidden = true;
  }
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    subscribe(form, status).catch(() => {
      status.textContent = 'Your browser could not subscribe to notifications. Try again, or use another browser.';
    });
  });
  const cancel = root.querySelector('[data-push-cancel]');
  cancel?.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const registration = await navigator.serviceWorker.getRegistration('/');
      await (await registration?.pushManager.getSubscription())?.unsubscribe();
    } finally {
      cancel.submit();
    }
  });
}
