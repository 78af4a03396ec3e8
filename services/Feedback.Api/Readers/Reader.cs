namespace Nojor.Feedback.Readers;

/// <summary>An anonymous reader. Only the SHA-256 of the token is stored, so a database leak does not hand out identities.</summary>
public sealed class Reader
{
    public Guid Id { get; init; }

    public required byte[] TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
