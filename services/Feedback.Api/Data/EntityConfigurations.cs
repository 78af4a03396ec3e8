using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Corrections;
using Nojor.Feedback.Ratings;
using Nojor.Feedback.Reactions;
using Nojor.Feedback.Readers;

namespace Nojor.Feedback.Data;

internal sealed class BetaFeedbackConfiguration : IEntityTypeConfiguration<BetaFeedback>
{
    public void Configure(EntityTypeBuilder<BetaFeedback> feedback)
    {
        feedback.ToTable(FeedbackDbContext.BetaFeedbackTable);
        feedback.HasKey(f => f.Id);
        feedback.Property(f => f.Id).ValueGeneratedNever();
        feedback.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        feedback.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        feedback.Property(f => f.Text).HasMaxLength(BetaFeedback.TextMaxLength);
        feedback.Property(f => f.Page).HasMaxLength(BetaFeedback.PageMaxLength);
        feedback.Property(f => f.ContactEmail).HasMaxLength(BetaFeedback.EmailMaxLength);
        feedback.Property(f => f.PublicReply).HasMaxLength(BetaTriageEndpoints.PublicReplyMaxLength);
        feedback.HasIndex(f => new { f.Kind, f.ReceivedAt });
        feedback.HasIndex(f => f.ReceivedAt);
    }
}

internal sealed class IdeaVoteConfiguration : IEntityTypeConfiguration<IdeaVote>
{
    public void Configure(EntityTypeBuilder<IdeaVote> vote)
    {
        vote.ToTable("idea_votes");
        vote.HasKey(v => new { v.FeedbackId, v.ReaderId });
        vote.HasOne<BetaFeedback>().WithMany().HasForeignKey(v => v.FeedbackId);
    }
}

internal sealed class KnownArticleConfiguration : IEntityTypeConfiguration<KnownArticle>
{
    public void Configure(EntityTypeBuilder<KnownArticle> article)
    {
        article.ToTable("known_articles");
        article.HasKey(a => a.ArticleId);
        article.Property(a => a.ArticleId).ValueGeneratedNever();
        article.Property(a => a.Slug).HasMaxLength(KnownArticle.SlugMaxLength);
        article.Ignore(a => a.IsRetracted);
        // Not unique: events arrive out of order, and a slug moving between reports must not poison the consumer.
        article.HasIndex(a => a.Slug);
    }
}

internal sealed class ReaderConfiguration : IEntityTypeConfiguration<Reader>
{
    public void Configure(EntityTypeBuilder<Reader> reader)
    {
        reader.ToTable("readers");
        reader.HasKey(r => r.Id);
        reader.Property(r => r.Id).ValueGeneratedNever();
        reader.HasIndex(r => r.TokenHash).IsUnique();
    }
}

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>
{
    public void Configure(EntityTypeBuilder<Rating> rating)
    {
        rating.ToTable("ratings", t => t.HasCheckConstraint("ck_ratings_value", $"\"Value\" BETWEEN {Rating.Min} AND {Rating.Max}"));
        rating.HasKey(r => new { r.ArticleId, r.ReaderId });
        rating.HasOne<KnownArticle>().WithMany().HasForeignKey(r => r.ArticleId);
    }
}

internal sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> reaction)
    {
        reaction.ToTable("reactions");
        reaction.HasKey(r => new { r.ArticleId, r.ReaderId });
        reaction.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        reaction.HasOne<KnownArticle>().WithMany().HasForeignKey(r => r.ArticleId);
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.ToTable("comments");
        comment.HasKey(c => c.Id);
        comment.Property(c => c.Id).ValueGeneratedNever();
        comment.Property(c => c.Text).HasMaxLength(Comment.TextMaxLength);
        // The moderators' decision is guarded: two editors acting at once cannot both change a held comment.
        comment.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        comment.Property(c => c.HeldFor).HasMaxLength(200);
        comment.HasOne<KnownArticle>().WithMany().HasForeignKey(c => c.ArticleId);
        comment.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId);
        comment.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt });
        comment.HasIndex(c => new { c.ReaderId, c.CreatedAt });
        comment.HasIndex(c => new { c.Status, c.CreatedAt });
    }
}

internal sealed class CorrectionRequestConfiguration : IEntityTypeConfiguration<CorrectionRequest>
{
    public void Configure(EntityTypeBuilder<CorrectionRequest> correction)
    {
        correction.ToTable("correction_requests");
        correction.HasKey(c => c.Id);
        correction.Property(c => c.Id).ValueGeneratedNever();
        correction.Property(c => c.QuotedPassage).HasMaxLength(CorrectionRequest.PassageMaxLength);
        correction.Property(c => c.SuggestedFix).HasMaxLength(CorrectionRequest.PassageMaxLength);
        correction.Property(c => c.SourceUrl).HasMaxLength(Http.InputErrors.UrlMaxLength);
        correction.HasOne<KnownArticle>().WithMany().HasForeignKey(c => c.ArticleId);
        correction.HasIndex(c => new { c.ArticleId, c.RequestedAt });
        correction.HasIndex(c => c.RequestedAt);
    }
}
