using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;

namespace Nojor.Feedback.Aggregates;

public sealed record BetaOverview(int Total, IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<string, int> ByStatus)
{
    public static async Task<BetaOverview> ComputeAsync(FeedbackDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.BetaFeedback.Where(f => f.DeletedAt == null)
            .GroupBy(f => new { f.Kind, f.Status })
            .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new BetaOverview(
            rows.Sum(r => r.Count),
            Enum.GetValues<FeedbackKind>().ToDictionary(EnumNames.Of, k => rows.Where(r => r.Kind == k).Sum(r => r.Count)),
            Enum.GetValues<TriageStatus>().ToDictionary(EnumNames.Of, s => rows.Where(r => r.Status == s).Sum(r => r.Count)));
    }
}
