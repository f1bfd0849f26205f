using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Rendering;

public class ReadingAidsTests
{
    /// <summary>A small article whose reading aids are computed by hand below.</summary>
    private static JsonObject Article()
    {
        var article = Documents.Article();
        article["summary"] = "Insulin resistance develops gradually. Regular exercise improves insulin sensitivity [[ref-a]].";
        Documents.Section(article)["blocks"] = new JsonArray(
            new JsonObject { ["id"] = "what", ["type"] = "heading", ["text"] = "What to do" },
            new JsonObject { ["id"] = "measure", ["type"] = "paragraph", ["text"] = "Doctors measure fasting glucose." },
            new JsonObject { ["id"] = "steps", ["type"] = "list", ["items"] = new JsonArray("Walk daily", "Choose vegetables [[ref-a]]") },
            new JsonObject { ["id"] = "said", ["type"] = "quote", ["text"] = "Small changes matter.", ["reference"] = "ref-b" },
            new JsonObject { ["id"] = "careful", ["type"] = "warning", ["severity"] = "red-flag", ["title"] = "Get help", ["text"] = "Seek urgent care if confusion appears!" },
            new JsonObject
            {
                ["id"] = "plan",
                ["type"] = "table",
                ["caption"] = "Daily plan",
                ["header"] = new JsonArray("Time", "Task"),
                ["rows"] = new JsonArray(new JsonArray("8 am", "Walk [[ref-b]]")),
            });
        return article;
    }

    [Fact]
    public void MeasuresAHandCountedArticle()
    {
        // Prose (summary, paragraph, list items, quote, warning text), markers cut out:
        //   words:     summary 4 + 5, paragraph 4, items 2 + 2, quote 3, warning 6              = 26
        //   sentences: summary 2, paragraph 1, items 1 + 1, quote 1, warning 1                  = 7
        //   syllables: summary  In-su-lin 3, re-sis-tance 3 (silent e), de-ve-lops 3, gra-du-ally 3 (a, ua, y)
        //                       Re-gu-lar 3, ex-er-cise 3 (silent e), im-pro-ves 3 (o, e), in-su-lin 3, sen-si-ti-vi-ty 5  = 29
        //              paragraph Doc-tors 2, mea-sure 2 (silent e), fast-ing 2, glu-cose 2 (silent e)                        = 8
        //              items    Walk 1, dai-ly 2; Choose 1 (silent e), ve-ge-ta-bles 4                                       = 8
        //              quote    Small 1, chan-ges 2, mat-ter 2                                                              = 5
        //              warning  Seek 1, ur-gent 2, care 1 (silent e), if 1, con-fu-sion 3 (o, u, io), ap-pears 2           = 10
        //                                                                                                        total = 60
        //   grade = 0.39 × 26/7 + 11.8 × 60/26 − 15.59 = 1.44857… + 27.23077… − 15.59 = 13.08934… → 13.1
        // Not prose, counted as words only: section title 3, heading 3, warning title 2, caption 2, header 2, cells 2 + 1 = 15.
        //   words = 26 + 15 = 41; reading time = ceil(41 / 200) = 1 minute.
        var rendered = ArticleRenderer.Render(Documents.Parse(Article()), "patient", syndication: null);

        Assert.Equal(41, rendered.WordCount);
        Assert.Equal(1, rendered.ReadingTimeMinutes);
        Assert.Equal(13.1, rendered.ReadabilityGrade);
        Assert.Equal(new ReadingMeasures(41, 1, 13.1), ReadingAids.Measure(rendered));
    }

    [Fact]
    public void CountsTheSameWithOrWithoutCitations()
    {
        var withoutMarkers = JsonNode.Parse(Article().ToJsonString().Replace(" [[ref-a]]", "", StringComparison.Ordinal))!.AsObject();

        var cited = ArticleRenderer.Render(Documents.Parse(Article()), "patient", syndication: null);
        var plain = ArticleRenderer.Render(Documents.Parse(withoutMarkers), "patient", syndication: null);

        Assert.NotNull(cited.Summary!.Citations);
        Assert.Null(plain.Summary!.Citations);
        Assert.Equal(ReadingAids.Measure(plain), ReadingAids.Measure(cited));
    }

    [Fact]
    public void IsTheSameEveryTimeAVersionIsRendered()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.ContentJson, "articles"), "v*.json", SearchOption.AllDirectories))
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(file), CoreJsonContext.Default.ArticleDocument)!;
            foreach (var audience in document.Audiences)
            {
                var first = ArticleRenderer.Render(document, audience, syndication: null);
                var again = ArticleRenderer.Render(JsonSerializer.Deserialize(File.ReadAllBytes(file), CoreJsonContext.Default.ArticleDocument)!, audience, syndication: null);

                Assert.Equal(ReadingAids.Measure(first), ReadingAids.Measure(again));
                Assert.Equal((first.WordCount, first.ReadingTimeMinutes, first.ReadabilityGrade), (again.WordCount, again.ReadingTimeMinutes, again.ReadabilityGrade));
                Assert.True(first.WordCount > 0, file);
                Assert.InRange(first.ReadabilityGrade, 0, 30);
                Assert.Equal(first.ReadabilityGrade, Math.Round(first.ReadabilityGrade, 1));
            }
        }
    }

    [Theory]
    [InlineData("the", 1)]
    [InlineData("make", 1)]
    [InlineData("whole", 1)]
    [InlineData("table", 2)]
    [InlineData("simple", 2)]
    [InlineData("agree", 2)]
    [InlineData("free", 1)]
    [InlineData("insulin", 3)]
    [InlineData("Medicine", 3)]
    [InlineData("sensitivity", 5)]
    [InlineData("rhythm", 1)]
    [InlineData("don't", 1)]
    [InlineData("one-third", 2)]
    [InlineData("2025", 1)]
    [InlineData("6.5%", 1)]
    [InlineData("≥", 1)]
    public void CountsSyllablesByTheDocumentedHeuristic(string word, int syllables)
    {
        Assert.Equal(syllables, ReadingAids.CountSyllables(word));
    }

    [Theory]
    [InlineData("One. Two! Three?", 3)]
    [InlineData("A value of 6.5 is high.", 1)]
    [InlineData("No terminator at all", 1)]
    [InlineData("Cut marker  .", 1)]
    [InlineData("He said \"stop.\" Then left.", 2)]
    [InlineData("Wait... what?!", 2)]
    [InlineData("...", 0)]
    [InlineData("", 0)]
    public void SplitsSentencesAtTerminatorsBeforeWhitespace(string text, int sentences)
    {
        Assert.Equal(sentences, ReadingAids.CountSentences(text));
    }

    [Theory]
    [InlineData("Two words", 2)]
    [InlineData("HbA1c ≥ 6.5% — confirmed", 3)]
    [InlineData("well-known and/or", 2)]
    [InlineData("  spaced\tout\nlines  ", 3)]
    [InlineData(" . , ", 0)]
    public void CountsTokensWithALetterOrDigitAsWords(string text, int words)
    {
        Assert.Equal(words, ReadingAids.Words(text).Count);
    }

    [Fact]
    public void CutsMarkersByTheirPositionsNotByTheirLook()
    {
        // "[2]" here is the author's own text (a stage), not a citation: only the recorded mark is cut.
        var text = "Stage [2] disease [1, 3].";

        var cut = ReadingAids.WithoutCitations(text, [new CitationMark([1, 3], 18, 6)]);

        Assert.Equal("Stage [2] disease  .", cut);
        Assert.Equal(["Stage", "[2]", "disease"], ReadingAids.Words(cut));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(200, 1)]
    [InlineData(201, 2)]
    [InlineData(800, 4)]
    public void RoundsReadingTimeUpToWholeMinutes(int words, int minutes)
    {
        Assert.Equal(minutes, ReadingAids.ReadingTimeMinutes(words));
    }

    [Theory]
    [InlineData(26, 7, 60, 13.1)]
    [InlineData(10, 2, 10, 0)] // 0.39 × 5 + 11.8 × 1 − 15.59 = −1.84: floored at 0
    [InlineData(20, 1, 30, 9.9)] // 0.39 × 20 + 11.8 × 1.5 − 15.59 = 7.8 + 17.7 − 15.59 = 9.91
    [InlineData(0, 0, 0, 0)]
    public void GradesByFleschKincaid(int words, int sentences, int syllables, double grade)
    {
        Assert.Equal(grade, ReadingAids.Grade(words, sentences, syllables));
    }
}
