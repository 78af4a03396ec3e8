namespace Nojor.Feedback.Readers;

/// <summary>An anonymous reader. Only the SHA-256 of the token is stored, so a database leak does not hand out identities.</summary>
public sealed class Reader
{
    public Guid Id { get; init; }

    /// <summary>The hash of the reader's current token; renewal replaces it, and the reader keeps their identity.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the current token stops being accepted (<see cref="ReaderOptions.TokenLifetime"/> after it was issued or
    /// renewed): a token copied off a device or out of a log does not act for the reader forever.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
