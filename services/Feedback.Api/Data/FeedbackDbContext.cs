using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Messaging;

namespace Nojor.Feedback.Data;

public sealed class FeedbackDbContext(DbContextOptions<FeedbackDbContext> options) : DbContext(options)
{
    public DbSet<BetaFeedback> BetaFeedback => Set<BetaFeedback>();

    public DbSet<KnownArticle> KnownArticles => Set<KnownArticle>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BetaFeedback>(feedback =>
        {
            feedback.ToTable("beta_feedback");
            feedback.HasKey(f => f.Id);
            feedback.Property(f => f.Id).ValueGeneratedNever();
            feedback.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
            feedback.Property(f => f.Text).HasMaxLength(Beta.BetaFeedback.TextMaxLength);
            feedback.Property(f => f.Page).HasMaxLength(Beta.BetaFeedback.PageMaxLength);
            feedback.HasIndex(f => new { f.Kind, f.ReceivedAt });
        });
        modelBuilder.Entity<KnownArticle>(article =>
        {
            article.ToTable("known_articles");
            article.HasKey(a => a.ArticleId);
            article.Property(a => a.ArticleId).ValueGeneratedNever();
            article.Property(a => a.Slug).HasMaxLength(120);
            article.HasIndex(a => a.Slug).IsUnique();
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
