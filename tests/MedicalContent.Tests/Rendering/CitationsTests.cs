using MedicalContent.Rendering;

namespace MedicalContent.Tests.Rendering;

public class CitationsTests
{
    private static readonly Dictionary<string, int> Numbers = new() { ["a"] = 1, ["b"] = 2, ["c"] = 3 };

    private static (string Text, IReadOnlyList<CitationMark> Marks) Render(string text) =>
        Citations.Render(text, id => Numbers.TryGetValue(id, out var n) ? n : null);

    [Theory]
    [InlineData("Risk rises [[a]].", "Risk rises [1].")]
    [InlineData("Risk rises[[a]][[b]].", "Risk rises [1, 2].")]
    [InlineData("Twice [[a]] and again [[a]].", "Twice [1] and again [1].")]
    [InlineData("No markers.", "No markers.")]
    [InlineData("[[missing]] at the start.", "at the start.")]
    public void RendersMarkersAsNumbers(string text, string expected)
    {
        var (rendered, _) = Render(text);

        Assert.Equal(expected, rendered);
    }

    [Theory]
    [InlineData("[[a]] opens the text.", "[1] opens the text.", 0, 3)]
    [InlineData("In the middle [[b]] of it.", "In the middle [2] of it.", 14, 3)]
    [InlineData("At the very end [[c]]", "At the very end [3]", 16, 3)]
    [InlineData("Before a full stop [[a]].", "Before a full stop [1].", 19, 3)]
    [InlineData("An adjacent run[[a]][[b]][[c]] here.", "An adjacent run [1, 2, 3] here.", 16, 9)]
    [InlineData("Unknown [[zzz]] dropped, known [[b]] kept.", "Unknown dropped, known [2] kept.", 23, 3)]
    [InlineData("[[zzz]] [[a]] after a dropped opener.", "[1] after a dropped opener.", 0, 3)]
    [InlineData("A run with a gap[[a]][[zzz]][[c]].", "A run with a gap [1, 3].", 17, 6)]
    [InlineData("Repeated in a run[[b]][[b]].", "Repeated in a run [2].", 18, 3)]
    [InlineData("   Leading spaces [[a]].", "Leading spaces [1].", 15, 3)]
    [InlineData("HbA1c ≥6.5% [[a]].", "HbA1c ≥6.5% [1].", 12, 3)]
    [InlineData("Emoji 🙂 first [[b]].", "Emoji 🙂 first [2].", 15, 3)]
    public void RecordsWhereASingleMarkIs(string text, string expected, int offset, int length)
    {
        var (rendered, marks) = Render(text);

        Assert.Equal(expected, rendered);
        var mark = Assert.Single(marks);
        Assert.Equal((offset, length), (mark.Offset, mark.Length));
        MarkAssert.MatchesText(rendered, marks);
    }

    [Fact]
    public void OffsetsCountUtf16CodeUnits()
    {
        // "🙂" is one character to a reader but two UTF-16 code units (a surrogate pair), as JavaScript counts it.
        var (rendered, marks) = Render("🙂🙂 [[a]] ≥ [[b]]");

        Assert.Equal("🙂🙂 [1] ≥ [2]", rendered);
        Assert.Equal([5, 11], marks.Select(m => m.Offset));
        MarkAssert.MatchesText(rendered, marks);
    }

    [Fact]
    public void RecordsEveryMarkInOrderWithItsNumbers()
    {
        var (rendered, marks) = Render("[[a]] start, mid [[b]][[a]], [[zzz]] gone, end [[c]]");

        Assert.Equal("[1] start, mid [2, 1], gone, end [3]", rendered);
        Assert.Equal([[1], [2, 1], [3]], marks.Select(m => m.Numbers.ToArray()));
        Assert.Equal([0, 15, 33], marks.Select(m => m.Offset));
        MarkAssert.MatchesText(rendered, marks);
    }

    [Fact]
    public void HasNoMarksWhenEveryMarkerIsUnknown()
    {
        var (rendered, marks) = Render("Nothing [[x]][[y]] cited [[z]].");

        Assert.Equal("Nothing cited.", rendered);
        Assert.Empty(marks);
    }

    [Fact]
    public void FindsReferenceIdsInOrder()
    {
        Assert.Equal(["b", "a", "b"], Citations.ReferenceIds("x [[b]] y [[a]][[b]]"));
    }
}
