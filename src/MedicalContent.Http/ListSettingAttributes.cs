using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MedicalContent.Http;

/// <summary>Settings that hold a comma-separated list: blank items are ignored, the others trimmed.</summary>
internal static class CommaSeparated
{
    public static string[] Items(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Every item of a comma-separated setting is at least <see cref="MinimumLength"/> characters. The message never repeats an item (they are secrets).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EachItemMinLengthAttribute(int minimumLength) : ValidationAttribute
{
    public int MinimumLength { get; } = minimumLength;

    public override bool IsValid(object? value) => CommaSeparated.Items(value as string).All(item => item.Length >= MinimumLength);

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, MinimumLength);
}

/// <summary>
/// Every item of a comma-separated setting is a browser origin: http or https, host, optional port; no path, query,
/// trailing slash or wildcard. <c>{1}</c> in the message lists the items that are not.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OriginListAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var invalid = CommaSeparated.Items(value as string).Where(item => !IsOrigin(item)).ToList();
        return invalid.Count == 0
            ? ValidationResult.Success
            : new ValidationResult(
                string.Format(CultureInfo.InvariantCulture, ErrorMessageString, validationContext.DisplayName, string.Join(", ", invalid)),
                validationContext.MemberName is { } member ? [member] : null);
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && !text.EndsWith('/');
}
