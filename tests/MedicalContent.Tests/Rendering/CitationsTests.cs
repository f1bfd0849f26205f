using MedicalContent.Rendering;

namespace MedicalContent.Tests.Rendering;

public class CitationsTests
{
    [Theory]
    [InlineData("Risk rises [[a]].", "Risk rises [1].")]
    [InlineData("Risk rises[[a]][[b]].", "Risk rises [1, 2].")]
    [InlineData("Twice [[a]] and again [[a]].", "Twice [1] and again [1].")]
    [InlineData("No markers.", "No markers.")]
    [InlineData("[[missing]] at the start.", "at the start.")]
    public void RendersMarkersAsNumbers(string text, string expected)
    {
        var numbers = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };

        var (rendered, _) = Citations.Render(text, id => numbers.TryGetValue(id, out var n) ? n : null);

        Assert.Equal(expected, rendered);
    }

    [Fact]
    public void FindsReferenceIdsInOrder()
    {
        Assert.Equal(["b", "a", "b"], Citations.ReferenceIds("x [[b]] y [[a]][[b]]"));
    }
}
