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
    /// so a citation never dangles. Returns where each rendered marker ("[1, 2]") is in the rendered text.
    /// </summary>
    public static (string Text, IReadOnlyList<CitationMark> Marks) Render(string text, Func<string, int?> numberFor)
    {
        var marks = new List<CitationMark>();
        var rendered = new StringBuilder(text.Length);
        var copied = 0;
        foreach (Match run in MarkerRun().Matches(text))
        {
            rendered.Append(text, copied, run.Index - copied);
            copied = run.Index + run.Length;
            var inRun = new List<int>();
            foreach (Match marker in Marker().Matches(run.Value))
            {
                if (numberFor(marker.Groups[1].Value) is { } number && !inRun.Contains(number))
                {
                    inRun.Add(number);
                }
            }

            if (inRun.Count == 0)
            {
                continue;
            }

            // A marker at the very start keeps no space before it; elsewhere one space separates it from the text.
            if (rendered.Length > 0)
            {
                rendered.Append(' ');
            }

            var offset = rendered.Length;
            rendered.Append('[').AppendJoin(", ", inRun).Append(']');
            marks.Add(new CitationMark(inRun, offset, rendered.Length - offset));
        }

        rendered.Append(text, copied, text.Length - copied);
        return Trimmed(rendered.ToString(), marks);
    }

    /// <summary>Trims the text as before, moving the marks with the text.</summary>
    private static (string, IReadOnlyList<CitationMark>) Trimmed(string text, List<CitationMark> marks)
    {
        var start = text.Length - text.TrimStart().Length;
        var trimmed = text.Trim();
        return (trimmed, start == 0 ? marks : marks.Select(m => m with { Offset = m.Offset - start }).ToList());
    }
}
