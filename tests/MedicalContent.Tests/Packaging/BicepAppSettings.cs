using System.Text;
using System.Text.RegularExpressions;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// Reads the function app's settings from the one object literal that declares them in
/// infra/modules/function-app.bicep (<c>var appSettings = { ... }</c>): name → Bicep value expression.
/// </summary>
public static partial class BicepAppSettings
{
    public const string VariableName = "appSettings";

    public static IReadOnlyDictionary<string, string> Read(string bicepFile)
    {
        var lines = File.ReadAllLines(bicepFile);
        var start = Array.FindIndex(lines, line => Declaration().IsMatch(line));
        if (start < 0)
        {
            throw new InvalidOperationException($"{bicepFile}: no 'var {VariableName} = {{' declaration.");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = 0;
        for (var i = start; i < lines.Length; i++)
        {
            var code = WithoutComment(lines[i]);
            if (depth == 1 && Entry().Match(code) is { Success: true } entry)
            {
                var name = entry.Groups["name"].Value;
                if (!settings.TryAdd(name, entry.Groups["value"].Value.Trim()))
                {
                    throw new InvalidOperationException($"{bicepFile}:{i + 1}: app setting '{name}' is declared twice.");
                }
            }

            depth += Braces(code);
            if (depth == 0)
            {
                return settings;
            }
        }

        throw new InvalidOperationException($"{bicepFile}: the '{VariableName}' object literal is not closed.");
    }

    /// <summary>
    /// The @minValue/@maxValue of each integer property of the exported <c>appSettingsType</c>, by the app setting it
    /// feeds: <c>httpCaching: { @maxValue(540) versionMaxAgeSeconds: int? }</c> → <c>HttpCaching__VersionMaxAgeSeconds</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, (double? Min, double? Max)> ReadBounds(string bicepFile)
    {
        var bounds = new Dictionary<string, (double? Min, double? Max)>(StringComparer.Ordinal);
        string? section = null;
        double? min = null, max = null;
        foreach (var line in File.ReadAllLines(bicepFile).SkipWhile(l => !l.StartsWith("type appSettingsType", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l != "}"))
        {
            if (TypeSection().Match(line) is { Success: true } open)
            {
                section = Pascal(open.Groups["name"].Value);
            }
            else if (Bound().Match(line) is { Success: true } bound)
            {
                var value = double.Parse(bound.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (bound.Groups["kind"].Value == "min")
                {
                    min = value;
                }
                else
                {
                    max = value;
                }
            }
            else if (TypeProperty().Match(line) is { Success: true } property && section is not null)
            {
                if (property.Groups["type"].Value == "int")
                {
                    bounds.Add($"{section}__{Pascal(property.Groups["name"].Value)}", (min, max));
                }

                (min, max) = (null, null);
            }
        }

        return bounds;
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    /// <summary>'Blob' → Blob; anything that is not a plain string literal → null.</summary>
    public static string? Literal(string expression) =>
        expression.Length >= 2 && expression[0] == '\'' && expression[^1] == '\'' && expression.IndexOf('\'', 1) == expression.Length - 1
            ? expression[1..^1]
            : null;

    private static int Braces(string code)
    {
        var depth = 0;
        var inString = false;
        foreach (var c in code)
        {
            if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString)
            {
                depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            }
        }

        return depth;
    }

    private static string WithoutComment(string line)
    {
        var text = new StringBuilder();
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\'')
            {
                inString = !inString;
            }
            else if (!inString && line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                break;
            }

            text.Append(line[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\s*var\s+appSettings\s*=\s*\{")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*'?(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)'?\s*:\s*(?<value>.+)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^  (?<name>[a-zA-Z]+): \{$")]
    private static partial Regex TypeSection();

    [GeneratedRegex(@"^    @(?<kind>min|max)Value\((?<value>-?[0-9]+)\)$")]
    private static partial Regex Bound();

    [GeneratedRegex(@"^    (?<name>[a-zA-Z]+): (?<type>[a-zA-Z]+)(\[\])?\??$")]
    private static partial Regex TypeProperty();
}
