using System.Text;
using System.Text.RegularExpressions;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>Inline citation markers: authors write [[reference-id]]; readers see [n].</summary>
public static partial class Citations
{
    /// <summary>A run of adjacent markers and the space before it: " [[a]][[b]]" renders as " [1, 2]".</summary>
    [GeneratedRegex(@"\s*(?:\[\[" + Slug.Words + @"\]\])+", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRun();

    [GeneratedRegex(@"\[\[(" + Slug.Words + @")\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    /// <summary>The reference ids a text cites, in order of appearance.</summary>
    public static IEnumerable<string> ReferenceIds(string text) =>
        Marker().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>
    /// Replaces markers with numbers from <paramref name="numberFor"/>; a marker it answers null for is dropped,
    /// so a citation never dangles.
    /// </summary>
    public static (string Text, IReadOnlyList<int> Numbers) Render(string text, Func<string, int?> numberFor)
    {
        var numbers = new List<int>();
        var rendered = MarkerRun().Replace(text, run =>
        {
            var inRun = new List<int>();
            foreach (Match marker in Marker().Matches(run.Value))
            {
                if (numberFor(marker.Groups[1].Value) is { } number && !inRun.Contains(number))
                {
                    inRun.Add(number);
                }
            }

            numbers.AddRange(inRun.Where(n => !numbers.Contains(n)));
            return inRun.Count == 0 ? string.Empty : new StringBuilder(" [").AppendJoin(", ", inRun).Append(']').ToString();
        });

        return (rendered.Trim(), numbers);
    }
}
