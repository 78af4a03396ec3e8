using Microsoft.AspNetCore.Http.HttpResults;
using Nojor.Feedback.Http;
using Nojor.Hosting;

namespace Nojor.Feedback.Readers;

/// <summary>The rule for changing something a reader sent: only its author, and only within the edit window.</summary>
internal static class OwnedItem
{
    public static ProblemHttpResult? RefuseChange(Guid? ownerId, DateTimeOffset createdAt, ReaderIdentity reader, ReaderOptions options,
        DateTimeOffset now)
    {
        if (ownerId != reader.Id)
        {
            return Problems.Forbidden("Only the reader who sent this item can change it.");
        }
        return now - createdAt > options.EditWindow
            ? Problems.Conflict($"This item can only be changed within {options.EditWindow.TotalMinutes:0} minutes of sending it.")
            : null;
    }
}
