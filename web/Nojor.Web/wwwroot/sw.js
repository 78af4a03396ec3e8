// Nojor's service worker: shows breaking-news alerts pushed while no Nojor page may be open. Served from the site's root
// so its scope is the whole site. The message is decrypted by the browser before it arrives here (RFC 8291).
const notificationOf = (message) => ({
  title: message.type === 'article.retracted' ? `Retracted: ${message.headline}` : message.headline,
  options: {
    body: message.summary ?? '',
    // One notification per story: a newer alert on it replaces the one still shown, as the push topic does in transit.
    tag: message.topic,
    renotify: true,
    requireInteraction: message.urgency === 1,
    data: { url: message.url },
  },
});

self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data?.json();
  } catch {
    return;
  }
  if (!message || typeof message.headline !== 'string') {
    return;
  }
  const { title, options } = notificationOf(message);
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only our own pages are opened: the link comes from our alert, but a notification is no place to trust a URL blindly.
  const target = new URL(event.notification.data?.url ?? '/', self.location.origin);
  const url = target.origin === self.location.origin ? target.href : self.location.origin + '/';
  event.waitUntil(self.clients.openWindow(url));
});
