using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nojor.Articles.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service (no broker or cache needed).</summary>
internal sealed class DesignTimeArticleDbContextFactory : IDesignTimeDbContextFactory<ArticleDbContext>
{
    public ArticleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ArticleDbContext>().UseNpgsql("Host=localhost;Database=articledb").Options);
}
