using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Messaging;

namespace Nojor.Articles.Data;

public sealed class ArticleDbContext(DbContextOptions<ArticleDbContext> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Article>(article =>
        {
            article.ToTable("articles");
            article.HasKey(a => a.Id);
            article.Property(a => a.Id).ValueGeneratedNever();
            article.Property(a => a.Slug).HasMaxLength(Article.SlugMaxLength);
            article.HasIndex(a => a.Slug).IsUnique();
            article.Property(a => a.Headline).HasMaxLength(Article.HeadlineMaxLength);
            article.Property(a => a.Summary).HasMaxLength(Article.SummaryMaxLength);
            article.Property(a => a.Section).HasMaxLength(64);
            article.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
            // Optimistic concurrency: two editors saving the same version cannot both win.
            article.Property(a => a.Version).IsConcurrencyToken();
            article.HasIndex(a => new { a.Status, a.PublishedAt });
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
