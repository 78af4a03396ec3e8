namespace Nojor.Articles.Articles;

/// <summary>A dated public note appended to a published report when a mistake is put right.</summary>
public sealed class Correction
{
    public const int NoteMaxLength = 1000;

    public required DateTimeOffset At { get; init; }

    public required string Note { get; init; }
}
