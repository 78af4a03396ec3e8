using Microsoft.EntityFrameworkCore;
using Nojor.Feedback.Articles;
using Nojor.Feedback.Beta;
using Nojor.Feedback.Comments;
using Nojor.Feedback.Corrections;
using Nojor.Feedback.Ratings;
using Nojor.Feedback.Reactions;
using Nojor.Feedback.Readers;
using Nojor.Messaging;

namespace Nojor.Feedback.Data;

public sealed class FeedbackDbContext(DbContextOptions<FeedbackDbContext> options) : DbContext(options)
{
    public const string BetaFeedbackTable = "beta_feedback";

    public DbSet<BetaFeedback> BetaFeedback => Set<BetaFeedback>();

    public DbSet<IdeaVote> IdeaVotes => Set<IdeaVote>();

    public DbSet<KnownArticle> KnownArticles => Set<KnownArticle>();

    public DbSet<Reader> Readers => Set<Reader>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<Reaction> Reactions => Set<Reaction>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<CorrectionRequest> CorrectionRequests => Set<CorrectionRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeedbackDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }
}
