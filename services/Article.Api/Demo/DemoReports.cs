using Nojor.Articles.Editorial;

namespace Nojor.Articles.Demo;

/// <summary>
/// The story of the beta front page Nojor started from: three reports on the Tajikistan–Afghanistan border, told in
/// our own words from public reporting. One developing story, places at country, province and district level, and
/// one district spelled "Shamsiddin Shokhin" in one report and "Shamsiddin Shohin" in another, as wire copy does, so
/// search has a transliteration to find. Listed oldest first: the seeder publishes them in this order.
/// </summary>
internal static class DemoReports
{
    public const string Byline = "Nojor demo desk";
    private const string Story = "Tajikistan–Afghanistan border security";

    public static readonly IReadOnlyList<CreateArticleRequest> BorderStory =
    [
        Report("demo-drone-from-afghanistan-kills-three-chinese-workers-in-khatlon",
            "Drone from Afghan territory kills three Chinese workers at a Tajik mine",
            "Two more were badly hurt when grenades dropped by the drone hit a Chinese mining company's site in Khatlon province.",
            """
            A drone loaded with grenades flew in from the Afghan side of the border on 26 November and struck the camp of
            **LLC Shahin SM**, a Chinese mining company working in Khatlon province, in the south-west of Tajikistan. Three
            Chinese citizens died and two others were seriously wounded.

            China's embassy in Dushanbe confirmed the deaths two days later. Tajikistan's foreign ministry said the site had
            been picked out as a target on purpose.

            Beijing wants a thorough investigation and has called on the Taliban government in Kabul to act; Kabul had given
            no public answer by the time this report was written. The strike adds to a run of attacks on Chinese nationals
            working abroad, among them in the Pakistani provinces of Balochistan and Khyber Pakhtunkhwa.
            """,
            [new PlaceInput("Tajikistan", "Khatlon", null)],
            urgency: 2, breaking: false, tags: ["border", "security", "china"]),
        Report("demo-three-armed-men-killed-in-shamsiddin-shohin-clash",
            "Three armed men killed in a border clash in Shamsiddin Shohin district",
            "Tajik border guards say the men had crossed from Afghanistan, would not give themselves up and meant to attack a border post.",
            """
            At least three people died on Tuesday near the village of **Kavo** in Shamsiddin Shohin district, after a group
            that had come over from Afghanistan ignored an order from Tajik border guards to surrender.

            The authorities described all three men, who were killed in the exchange, as terrorists who had been preparing to
            strike a frontier post.

            According to the official account, the guards then recovered the group's weapons: three M-16 rifles, one
            Kalashnikov, three foreign-made pistols fitted with silencers, ten hand grenades, a night-vision sight,
            explosives and other equipment.
            """,
            [new PlaceInput("Tajikistan", "Khatlon", "Shamsiddin Shohin")],
            urgency: 2, breaking: true, tags: ["border", "security"]),
        Report("demo-five-killed-in-shamsiddin-shokhin-as-incursions-mount",
            "Five killed in Shamsiddin Shokhin as armed incursions from Afghanistan mount",
            "Dushanbe blames a terrorist group that came across from Badakhshan and says the Taliban are not keeping their security promises.",
            """
            Armed men who crossed from Afghanistan's Badakhshan province killed five people in Tajikistan's Shamsiddin
            Shokhin district, the latest of several incursions the Tajik government has reported within a single month.
            Officials in Dushanbe say more than a dozen people have been killed in those attacks, among them Chinese nationals
            working in remote parts of the country.

            Tajik authorities called the attackers members of a terrorist organisation and accused the Taliban of failing to
            honour their commitments on security.

            The killings follow two attacks on Chinese companies in Tajikistan in late November, in which at least five
            Chinese workers died. Beijing, the country's largest creditor, has told its citizens to leave the border areas and
            asked for better protection for them.

            Analysts link the attacks to the Islamic State group's Khorasan Province branch. The Taliban expressed sorrow,
            blamed an armed group they did not name, and said they remain bound by the 2020 Doha Agreement.

            Tajikistan has kept its diplomatic contact with the Taliban to a minimum since 2023 and is among their most
            outspoken critics in Central Asia.
            """,
            [new PlaceInput("Tajikistan", "Khatlon", "Shamsiddin Shokhin"), new PlaceInput("Afghanistan", "Badakhshan", null)],
            urgency: 2, breaking: true, tags: ["border", "security", "taliban"]),
    ];

    /// <summary>
    /// Slugs of an earlier demo (a different border story). A database seeded with it gets them retracted, so they
    /// leave the lists, search and feeds while old links still open them, marked.
    /// </summary>
    public static readonly IReadOnlyList<string> Retired =
    [
        "demo-torkham-crossing-closed-after-exchange-of-fire",
        "demo-lorries-queue-for-kilometres-at-torkhum",
        "demo-talks-begin-on-reopening-the-crossing",
        "demo-torkham-reopens-to-pedestrians",
    ];

    public const string RetiredReason = "This was demo content; the demo now tells the story of the Tajikistan–Afghanistan border.";

    private static CreateArticleRequest Report(string slug, string headline, string summary, string body, PlaceInput[] places, int urgency,
        bool breaking, string[] tags) =>
        new(headline, summary, body.Replace("\r", "", StringComparison.Ordinal), "world", tags, places,
            Dateline: "Dushanbe", Byline: Byline, Language: "en", Urgency: urgency, Breaking: breaking,
            EmbargoUntil: null, Story: Story, Slug: slug, Draft: null, PublishAt: null);
}
