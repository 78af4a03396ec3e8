using Nojor.Articles.Editorial;

namespace Nojor.Articles.Demo;

/// <summary>
/// A developing story told over several reports, written for this demo. The district is spelled
/// "Torkham" in some reports and "Torkhum" in others, as wire copy often does, so search has variants to find.
/// </summary>
internal static class DemoReports
{
    private const string Story = "Torkham border crossing closure";

    public static readonly IReadOnlyList<CreateArticleRequest> BorderStory =
    [
        Report("demo-torkham-crossing-closed-after-exchange-of-fire",
            "Torkham crossing closed after overnight exchange of fire",
            "Border guards shut the main crossing between the two countries after shots were exchanged near the gate.",
            """
            Traffic at the **Torkham** crossing stopped early on Monday after guards on both sides reported an exchange of fire
            during the night. Nobody was reported hurt.

            Lorry drivers waiting on the approach road said they had been told to expect a delay of at least a day.
            """,
            "Torkham", urgency: 3, tags: ["border", "trade"]),
        Report("demo-lorries-queue-for-kilometres-at-torkhum",
            "Lorries queue for kilometres as the Torkhum gate stays shut",
            "Fruit and vegetable exporters fear losses as the queue of goods vehicles grows on the second day.",
            """
            The line of lorries outside **Torkhum** stretched back for several kilometres on Tuesday. Traders carrying fresh
            produce said their loads would spoil within days.

            A local transport association asked both governments to let perishable goods through first.
            """,
            "Torkhum", urgency: 5, tags: ["border", "trade", "agriculture"]),
        Report("demo-talks-begin-on-reopening-the-crossing",
            "Talks begin on reopening the crossing",
            "Officials from both sides met at a flag meeting near the frontier; a joint statement is expected.",
            """
            Officials met at the frontier on Wednesday morning for what both sides called a constructive first session.
            Local elders from the Khyber district joined as observers.
            """,
            "Torkham", urgency: 4, tags: ["border", "diplomacy"]),
        Report("demo-torkham-reopens-to-pedestrians",
            "Crossing reopens to pedestrians, goods to follow",
            "Foot traffic resumed on Thursday; officials said lorries would be allowed through in stages.",
            """
            Hundreds of people crossed on foot within the first hour after the gate reopened. Customs officers said goods
            traffic would resume once the backlog of paperwork had been cleared.
            """,
            "Torkhum", urgency: 3, tags: ["border", "trade"]),
    ];

    private static CreateArticleRequest Report(string slug, string headline, string summary, string body, string district, int urgency, string[] tags) =>
        new(headline, summary, body.Replace("\r", "", StringComparison.Ordinal), "world", tags,
            [new PlaceInput("Pakistan", "Khyber Pakhtunkhwa", district)],
            Dateline: "Landi Kotal", Byline: "Nojor demo desk", Language: "en", Urgency: urgency, Breaking: false,
            EmbargoUntil: null, Story: Story, Slug: slug, Draft: null, PublishAt: null);
}
