using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Browser;

/// <summary>
/// A browser frontend turns citation marks into links from their positions alone (<see cref="CitationLinksPage"/>):
/// the offsets the API gives in UTF-16 code units are JavaScript's string indices, so the links land on the markers
/// after any text, a non-ASCII sign, a combining accent or an emoji alike, and the reader sees exactly the API's text.
/// </summary>
[Integration]
public sealed class CitationLinksBrowserTests : IAsyncLifetime
{
    private const string Slug = "reading-hba1c";
    private const string Audience = "patient";
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    private readonly TempContentFolder _content = new();
    private FrontendPages _pages = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        // Only the article below, in a copy of the sample folder's vocabulary and syndication terms.
        Directory.Delete(_content.File("articles"), recursive: true);
        _content.Write($"articles/{Slug}/v1.json", Article().ToJsonString());
        _pages = await FrontendPages.StartAsync();
        _api = new ApiFactory(_content.Path, null);
        _pages.Serve(_api);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _pages.DisposeAsync();
        _content.Dispose();
    }

    [Fact]
    public async Task EveryCitationMarkBecomesLinksToTheReferenceListAndTheTextStaysTheApisText()
    {
        var article = await (await _api.CreateClient().GetAsync($"/api/v1/articles/{Slug}?audience={Audience}")).JsonAsync();
        var expected = Pieces(article);

        var page = await HeadlessChromium.RenderAsync(_pages.CitationLinks(Slug, Audience), BrowserTimeout);
        var result = FrontendPages.Result(page);

        Assert.True(result.TryGetProperty("status", out var status) && status.GetInt32() == 200, page.Describe());
        var rendered = result.GetProperty("pieces").EnumerateArray().ToDictionary(p => p.GetProperty("piece").GetString()!, p => p);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rendered.Keys.Order(StringComparer.Ordinal));

        // The reference list: one item per reference, id ref-N, with the reference's URL.
        var references = article.GetProperty("references").EnumerateArray().ToList();
        var listed = result.GetProperty("references").EnumerateArray().ToList();
        Assert.Equal(references.Select(r => $"ref-{r.GetProperty("number").GetInt32()}"), listed.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(references.Select(r => r.GetProperty("url").GetString()), listed.Select(r => r.GetProperty("url").GetString()));

        var linkCount = 0;
        foreach (var (key, (text, marks)) in expected)
        {
            var piece = rendered[key];
            var links = piece.GetProperty("links").EnumerateArray().Select(Link.Read).ToList();

            // What the reader sees, links included, is the API's text to the code unit.
            Assert.Equal(text, piece.GetProperty("text").GetString());
            Assert.Equal(marks.Sum(m => m.Numbers.Count), links.Count);
            foreach (var mark in marks)
            {
                var inMark = links.Where(l => l.At > mark.Offset && l.At < mark.Offset + mark.Length).ToList();
                Assert.Equal(mark.Numbers, inMark.Select(l => int.Parse(l.Text, System.Globalization.CultureInfo.InvariantCulture)));
                Assert.All(inMark, l =>
                {
                    Assert.Equal(l.Text, text.Substring(l.At, l.Text.Length));
                    Assert.Equal($"#ref-{l.Text}", l.Href);
                    Assert.Equal($"ref-{l.Text}", l.Target);
                });
            }

            linkCount += links.Count;
        }

        Assert.Equal(expected.Values.Sum(p => p.Marks.Sum(m => m.Numbers.Count)), linkCount);
        Assert.Equal(linkCount, Occurrences(page.Dom, "href=\"#ref-"));
    }

    [Fact]
    public async Task AMarkerAfterNonAsciiTextLandsOnItsBracket()
    {
        var article = await (await _api.CreateClient().GetAsync($"/api/v1/articles/{Slug}?audience={Audience}")).JsonAsync();
        var expected = Pieces(article);

        var page = await HeadlessChromium.RenderAsync(_pages.CitationLinks(Slug, Audience), BrowserTimeout);
        var rendered = FrontendPages.Result(page).GetProperty("pieces").EnumerateArray().ToDictionary(p => p.GetProperty("piece").GetString()!, p => p);

        foreach (var (key, before) in new[] { ("diagnosis", "HbA1c ≥ 6.5% ["), ("meter", "Bring your meter 🩺 to each visit ["), ("signs/0", "Cafe\u0301-au-lait spots are not a sign of diabetes ["), ("signs/1", "Ketones ⚠\uFE0F with high sugar need urgent care [") })
        {
            var (text, marks) = expected[key];
            var first = marks[0];
            var link = Link.Read(rendered[key].GetProperty("links")[0]);

            Assert.Equal(before, text[..(first.Offset + 1)]);
            Assert.Equal(first.Offset + 1, link.At);
            Assert.Equal(first.Numbers[0].ToString(System.Globalization.CultureInfo.InvariantCulture), link.Text);

            // The fixture has teeth: counting code points or UTF-8 bytes would put the marker elsewhere.
            Assert.NotEqual(first.Offset, System.Text.Encoding.UTF8.GetByteCount(text[..first.Offset]));
        }

        // The emoji is a surrogate pair: code units and code points disagree before the marker.
        var (meter, meterMarks) = expected["meter"];
        Assert.NotEqual(meterMarks[0].Offset, meter[..meterMarks[0].Offset].EnumerateRunes().Count());
    }

    /// <summary>The summary, each text block and each list item, keyed as the page keys them, with their citation marks.</summary>
    private static Dictionary<string, (string Text, List<Mark> Marks)> Pieces(JsonElement article)
    {
        var pieces = new Dictionary<string, (string, List<Mark>)>(StringComparer.Ordinal)
        {
            ["summary"] = Piece(article.GetProperty("summary")),
        };
        foreach (var block in article.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("blocks").EnumerateArray()))
        {
            var id = block.GetProperty("id").GetString()!;
            if (block.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    pieces[$"{id}/{index++}"] = Piece(item);
                }
            }
            else
            {
                pieces[id] = Piece(block);
            }
        }

        return pieces;
    }

    private static (string, List<Mark>) Piece(JsonElement piece) => (
        piece.GetProperty("text").GetString()!,
        piece.TryGetProperty("citations", out var citations)
            ? citations.EnumerateArray().Select(m => new Mark(
                m.GetProperty("numbers").EnumerateArray().Select(n => n.GetInt32()).ToList(),
                m.GetProperty("offset").GetInt32(),
                m.GetProperty("length").GetInt32())).ToList()
            : []);

    private sealed record Mark(List<int> Numbers, int Offset, int Length);

    private sealed record Link(string Href, string Text, int At, string? Target)
    {
        public static Link Read(JsonElement link) => new(
            link.GetProperty("href").GetString()!,
            link.GetProperty("text").GetString()!,
            link.GetProperty("at").GetInt32(),
            link.GetProperty("target").GetString());
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// An article whose citations follow a non-ASCII sign, an en dash, a combining accent, an emoji (a surrogate pair)
    /// and an emoji with a variation selector, with a run of two markers and a marker ending the text.
    /// </summary>
    private static JsonObject Article()
    {
        var article = Documents.Article(Slug);
        article.Remove("condition");
        article["about"] = new JsonObject { ["kind"] = "condition", ["name"] = "Type 2 diabetes", ["codes"] = new JsonArray() };
        article["title"] = "Reading your HbA1c result";
        article["summary"] = "HbA1c shows your average blood sugar over about 3 months [[diagnosis-guideline]].";
        article["review"]!["nextReviewDue"] = "2026-01-02";
        article["sections"] = new JsonArray(new JsonObject
        {
            ["id"] = "numbers",
            ["kind"] = "guideline",
            ["title"] = "What the number means",
            ["blocks"] = new JsonArray(
                new JsonObject { ["id"] = "heading", ["type"] = "heading", ["text"] = "Your result" },
                new JsonObject { ["id"] = "diagnosis", ["type"] = "paragraph", ["text"] = "HbA1c ≥ 6.5% [[diagnosis-guideline]] means diabetes, and 5.7–6.4% means prediabetes [[diagnosis-guideline]][[prevention-trial]]." },
                new JsonObject { ["id"] = "meter", ["type"] = "paragraph", ["text"] = "Bring your meter 🩺 to each visit [[meter-guide]]. Write down readings under 4 mmol/L 📉 [[meter-guide]][[diagnosis-guideline]]" },
                new JsonObject { ["id"] = "signs", ["type"] = "list", ["items"] = new JsonArray("Cafe\u0301-au-lait spots are not a sign of diabetes [[prevention-trial]]", "Ketones ⚠\uFE0F with high sugar need urgent care [[meter-guide]]", "Everyone's targets are different.") },
                new JsonObject { ["id"] = "plain", ["type"] = "paragraph", ["text"] = "Ask your care team what your own target is." }),
        });
        article["references"] = new JsonArray(
            Reference("diagnosis-guideline", "guideline", "A diagnosis guideline (test fixture)"),
            Reference("prevention-trial", "research", "A prevention trial (test fixture)"),
            Reference("meter-guide", "guideline", "A guide to home glucose meters (test fixture)"));
        return article;
    }

    private static JsonObject Reference(string id, string kind, string title) => new()
    {
        ["id"] = id,
        ["kind"] = kind,
        ["title"] = title,
        ["source"] = "Test fixtures",
        ["year"] = 2025,
        ["url"] = $"https://medical-content.example/fixtures/{id}",
    };
}
