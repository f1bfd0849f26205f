using MedicalContent.Delivery;
using MedicalContent.Model;

namespace MedicalContent.Tests.Delivery;

/// <summary>Tokenising, ranking and the code lookup of the in-memory search index, on index entries built here.</summary>
public sealed class SearchIndexTests
{
    private static readonly string[] BothAudiences = ["patient", "clinician"];

    private static VersionEntry Entry(
        LocalizedText title, LocalizedText? summary = null, string? name = null, string[]? synonyms = null, SubjectCode[]? codes = null, string[]? audiences = null) => new()
    {
        Number = 1,
        ReviewStatus = ReviewStatus.Approved,
        LastUpdated = new DateOnly(2026, 1, 1),
        Title = title,
        Summary = summary,
        About = name is null ? null : new Subject { Kind = SubjectKind.Condition, Name = name, Synonyms = synonyms, Codes = codes ?? [] },
        DefaultAudience = "patient",
        Audiences = audiences ?? BothAudiences,
        Sha256 = "00",
    };

    private static LocalizedText Text(string patient, string clinician) =>
        LocalizedText.OfVariants(new Dictionary<string, string> { ["patient"] = patient, ["clinician"] = clinician });

    private static readonly (string Slug, VersionEntry Latest)[] Articles =
    [
        ("insulin-resistance", Entry(
            LocalizedText.Of("What is insulin resistance?"),
            Text("Your cells don't respond well to insulin.", "A reduced tissue response to insulin; common in PCOS."),
            "Insulin resistance", ["Impaired insulin sensitivity"],
            [new SubjectCode { System = CodeSystem.Icd10Cm, Code = "E88.819", Display = "Insulin resistance, unspecified" }])),
        ("insulinoma", Entry(LocalizedText.Of("Insulinoma"), name: "Insulinoma")),
        ("metformin", Entry(
            Text("Metformin: what you need to know", "Metformin: clinical overview"),
            Text("It helps your body use insulin better.", "Lowers hepatic glucose output and improves insulin sensitivity."),
            "Metformin", ["Glucophage"],
            [new SubjectCode { System = CodeSystem.RxNorm, Code = "6809", Display = "metformin" }])),
        ("polycystic-ovary-syndrome", Entry(
            LocalizedText.Of("What is polycystic ovary syndrome?"),
            Text("A common hormone condition.", "The most common endocrinopathy in reproductive-aged women."),
            "Polycystic ovary syndrome", ["PCOS", "Stein-Leventhal syndrome"],
            [new SubjectCode { System = CodeSystem.Icd10Cm, Code = "E28.2", Display = "Polycystic ovarian syndrome" }])),
        ("menieres-disease", Entry(LocalizedText.Of("Ménière's disease"), name: "Ménière's disease")),
    ];

    private static readonly SearchIndex Index = new(Articles, BothAudiences);

    private static List<string> Slugs(string q, string audience = "patient") =>
        Index.Search(SearchText.Tokens(q), audience).Select(h => h.Slug).ToList();

    [Theory]
    [InlineData("What is insulin resistance?", "what insulin is resistance")]
    [InlineData("Ménière's DISEASE", "meniere s disease")]
    [InlineData("Stein-Leventhal", "stein leventhal")]
    [InlineData("Łódź Straße ŒDÈME Sjögren", "lodz strasse oedeme sjogren")]
    [InlineData("HbA1c 5.7–6.4%", "hba1c 5 7 6 4")]
    [InlineData("  ...  ", "")]
    public void TokensAreLowerCaseWordsWithoutDiacriticsSplitAtPunctuation(string text, string words) =>
        Assert.Equal(words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(), SearchText.Tokens(text).Order());

    [Fact]
    public void EveryLatinLetterWithADiacriticFoldsToLettersOnly()
    {
        for (var c = '\u00C0'; c <= '\u017F'; c++)
        {
            if (char.IsLetter(c))
            {
                Assert.All(SearchText.Tokens(c.ToString()), token => Assert.Matches("^[a-z]+$", token));
            }
        }
    }

    [Fact]
    public void InsulinFindsInsulinResistanceFirstThenPrefixesThenSummaries()
    {
        var hits = Index.Search(["insulin"], "patient");

        Assert.Equal(["insulin-resistance", "insulinoma", "metformin"], hits.Select(h => h.Slug));
        Assert.Equal([SearchIndex.TitleWeight * 2, SearchIndex.TitleWeight, SearchIndex.SummaryWeight * 2], hits.Select(h => h.Score));
    }

    [Fact]
    public void PcosFindsPolycysticOvarySyndromeThroughItsSynonymAboveASummaryThatMentionsIt()
    {
        Assert.Equal(["polycystic-ovary-syndrome", "insulin-resistance"], Slugs("PCOS", "clinician"));
        Assert.Equal(["polycystic-ovary-syndrome"], Slugs("pcos", "patient"));
    }

    [Fact]
    public void EachAudienceIsSearchedInItsOwnWords()
    {
        Assert.Equal(["metformin"], Slugs("clinical overview", "clinician"));
        Assert.Empty(Slugs("clinical overview", "patient"));
        Assert.Equal(["metformin"], Slugs("hepatic", "clinician"));
        Assert.Empty(Slugs("hepatic", "patient"));
    }

    [Fact]
    public void EveryWordMustMatchAndDiacriticsAndCodeDisplaysCount()
    {
        Assert.Equal(["insulin-resistance"], Slugs("insulin resistance"));
        Assert.Equal(["menieres-disease"], Slugs("meniere"));
        Assert.Equal(["polycystic-ovary-syndrome"], Slugs("ovarian"));
        Assert.Equal(["polycystic-ovary-syndrome"], Slugs("stein leventhal"));
        Assert.Empty(Slugs("insulin nothing"));
        Assert.Empty(Index.Search([], "patient"));
        Assert.Empty(Index.Search(["insulin"], "nobody"));
    }

    [Fact]
    public void TiesAreInSlugOrder()
    {
        var hits = Index.Search(["what"], "patient");

        Assert.Equal(["insulin-resistance", "metformin", "polycystic-ovary-syndrome"], hits.Select(h => h.Slug));
        Assert.All(hits, h => Assert.Equal(SearchIndex.TitleWeight * 2, h.Score));
    }

    [Fact]
    public void CodesAreLookedUpBySystemAndCodeAndNamesAsWords()
    {
        Assert.Equal(["insulin-resistance"], Index.ByCode(CodeSystem.Icd10Cm, "E88.819").Select(m => m.Slug));
        Assert.Equal(["insulin-resistance"], Index.ByCode(CodeSystem.Icd10Cm, " e88.819 ").Select(m => m.Slug));
        Assert.Empty(Index.ByCode(CodeSystem.SnomedCt, "E88.819"));
        Assert.Equal(["metformin"], Index.ByCode(CodeSystem.RxNorm, "6809").Select(m => m.Slug));
        Assert.Equal(["polycystic-ovary-syndrome"], Index.ByName("pcos").Select(m => m.Slug));
        Assert.Equal(["polycystic-ovary-syndrome"], Index.ByName("Polycystic  ovary syndrome").Select(m => m.Slug));
        Assert.Empty(Index.ByName("ovary"));
    }

    [Fact]
    public void ASearchCursorResumesAfterTheLastResultSeenAndRejectsForgeries()
    {
        var cursor = new SearchCursor(8, "metformin");

        Assert.Equal(cursor, SearchCursor.Decode(cursor.Encode()));
        Assert.True(cursor.Precedes(new SearchHit("polycystic-ovary-syndrome", Articles[0].Latest, 8)));
        Assert.True(cursor.Precedes(new SearchHit("aardvark", Articles[0].Latest, 4)));
        Assert.False(cursor.Precedes(new SearchHit("insulin-resistance", Articles[0].Latest, 8)));
        Assert.Null(SearchCursor.Decode("nonsense"));
        Assert.Null(SearchCursor.Decode(PageCursor.Encode("metformin")));
    }
}
