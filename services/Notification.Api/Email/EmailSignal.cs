using Nojor.Messaging;

namespace Nojor.Notifications.Email;

/// <summary>Wakes this instance's e-mail sender when messages were committed (an alert, a confirmation).</summary>
public sealed class EmailSignal : WakeSignal;
