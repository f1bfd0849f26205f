using System.Text.RegularExpressions;

namespace MedicalContent.Model;

/// <summary>
/// The rule for article slugs and reference ids: lowercase letters and digits, in words joined by single hyphens.
/// The JSON Schemas state the same rule as <see cref="Pattern"/> (a test keeps them equal).
/// </summary>
public static partial class Slug
{
    /// <summary>The words, without anchors, for patterns that embed a slug (citation markers).</summary>
    public const string Words = "[a-z0-9]+(-[a-z0-9]+)*";

    /// <summary>The rule as the JSON Schemas write it.</summary>
    public const string Pattern = "^" + Words + "$";

    /// <summary>Whether <paramref name="value"/> is a slug; a trailing newline is not (unlike .NET's <c>$</c>).</summary>
    public static bool IsValid(string value) => Rule().IsMatch(value);

    [GeneratedRegex("^" + Words + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
