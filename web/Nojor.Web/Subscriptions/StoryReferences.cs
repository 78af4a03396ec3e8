using Nojor.Web.Api;

namespace Nojor.Web.Subscriptions;

/// <summary>The stories a subscription form names, resolved to the ids the notification service filters on (webhooks and push alike).</summary>
public static class StoryReferences
{
    /// <summary>Story addresses and slugs become the ids the service filters on; an unknown one is a problem beside the field.</summary>
    public static async Task<IReadOnlyList<Guid>> ResolveAsync(SubscriptionForm form, FormErrors errors, ArticleApi articles,
        CancellationToken cancellationToken)
    {
        var references = form.StoryReferences;
        if (references.Count > SubscriptionForm.MaxStories || form.Stories?.Length > SubscriptionForm.MaxListText)
        {
            errors.Add(SubscriptionForm.Fields.Stories, $"Follow at most {SubscriptionForm.MaxStories} stories.");
            return [];
        }
        var ids = new List<Guid>();
        foreach (var reference in references)
        {
            if (Guid.TryParse(reference, out var id))
            {
                ids.Add(id);
                continue;
            }
            var story = reference.Length is > 0 and <= SubscriptionForm.MaxValueLength && !reference.Contains('/')
                ? await articles.GetStoryAsync(reference, cancellationToken)
                : default;
            if (story.Value is null)
            {
                errors.Add(SubscriptionForm.Fields.Stories, $"We know no story at “{reference}”. Paste the address of a story page, such as /stories/border-talks.");
                return [];
            }
            ids.Add(story.Value.Id);
        }
        return ids.Distinct().ToList();
    }
}
