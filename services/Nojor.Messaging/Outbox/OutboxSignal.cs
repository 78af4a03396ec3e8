namespace Nojor.Messaging.Outbox;

/// <summary>Raised after a commit that carried outbox rows, so events leave in milliseconds rather than at the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
