using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nojor.Authentication;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Data;
using Nojor.Feedback.Http;

namespace Nojor.Feedback.Export;

public static class ExportEndpoints
{
    public const string Path = "/api/feedback/export";
    public const int MaxRowsPerKind = 10_000;

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, Export).WithTags("Export").WithName("ExportFeedback")
            .RequireAuthorization(EditorAuthentication.EditorPolicy)
            .WithSummary("Export feedback as CSV or JSON (editors)")
            .WithDescription("format: csv or json (default json). from (inclusive) and to (exclusive): ISO 8601 instants. kind: any of "
                + "bug, idea, praise, other, comment, correction, comma-separated; all when omitted. At most 10,000 rows per kind, oldest first.");
        return routes;
    }

    private static async Task<Results<Ok<ExportDocument>, ContentHttpResult, ValidationProblem>> Export(HttpContext http, FeedbackDbContext db,
        string? format, DateTimeOffset? from, DateTimeOffset? to, string? kind, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("format", "format is csv or json.");
        }
        if (from > to)
        {
            errors.Add("to", "to must not be before from.");
        }
        var kinds = new HashSet<ExportKind>();
        foreach (var name in (kind ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            errors.RequireEnum<ExportKind>("kind", name, out var parsed);
            kinds.Add(parsed);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (kinds.Count == 0)
        {
            kinds.UnionWith(Enum.GetValues<ExportKind>());
        }

        var rows = new List<ExportRow>();
        var betaKinds = kinds.Select(ToBetaKind).OfType<FeedbackKind>().ToList();
        if (betaKinds.Count > 0)
        {
            var beta = await db.BetaFeedback.AsNoTracking()
                .Where(f => f.DeletedAt == null && betaKinds.Contains(f.Kind) && (from == null || f.ReceivedAt >= from) && (to == null || f.ReceivedAt < to))
                .OrderBy(f => f.ReceivedAt).Take(MaxRowsPerKind * betaKinds.Count).ToListAsync(cancellationToken);
            rows.AddRange(beta.Select(f => new ExportRow(f.Id, EnumNames.Of(f.Kind), f.ReceivedAt, null, null, EnumNames.Of(f.Status), f.Text,
                null, null, f.Page, f.ContactEmail, f.PublicReply)));
        }
        if (kinds.Contains(ExportKind.Comment))
        {
            var comments = await db.Comments.AsNoTracking()
                .Where(c => c.DeletedAt == null && (from == null || c.CreatedAt >= from) && (to == null || c.CreatedAt < to))
                .OrderBy(c => c.CreatedAt).Take(MaxRowsPerKind).ToListAsync(cancellationToken);
            rows.AddRange(comments.Select(c => new ExportRow(c.Id, EnumNames.Of(ExportKind.Comment), c.CreatedAt, c.ArticleId, c.ArticleVersion,
                EnumNames.Of(c.Status), c.Text, null, null, null, null, null)));
        }
        if (kinds.Contains(ExportKind.Correction))
        {
            var corrections = await db.CorrectionRequests.AsNoTracking()
                .Where(c => (from == null || c.RequestedAt >= from) && (to == null || c.RequestedAt < to))
                .OrderBy(c => c.RequestedAt).Take(MaxRowsPerKind).ToListAsync(cancellationToken);
            rows.AddRange(corrections.Select(c => new ExportRow(c.Id, EnumNames.Of(ExportKind.Correction), c.RequestedAt, c.ArticleId,
                c.ArticleVersion, null, c.SuggestedFix, c.QuotedPassage, c.SourceUrl, null, null, null)));
        }
        rows.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));

        if (csv)
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"nojor-feedback.csv\"";
            return TypedResults.Text(CsvFormatter.Format(rows), "text/csv; charset=utf-8");
        }
        return TypedResults.Ok(new ExportDocument(from, to, kinds.Select(EnumNames.Of).Order().ToList(), rows.Count, rows));
    }

    private static FeedbackKind? ToBetaKind(ExportKind kind) => kind switch
    {
        ExportKind.Bug => FeedbackKind.Bug,
        ExportKind.Idea => FeedbackKind.Idea,
        ExportKind.Praise => FeedbackKind.Praise,
        ExportKind.Other => FeedbackKind.Other,
        _ => null,
    };
}
