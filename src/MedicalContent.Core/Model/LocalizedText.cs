using System.Text.Json.Serialization;
using MedicalContent.Serialization;

namespace MedicalContent.Model;

/// <summary>
/// Text that is either the same for every audience or has per-audience variants.
/// A text without a variant for an audience and without a default does not exist for that audience.
/// </summary>
[JsonConverter(typeof(LocalizedTextConverter))]
public sealed class LocalizedText
{
    public const string DefaultKey = "default";

    private LocalizedText(string? invariant, IReadOnlyDictionary<string, string> variants)
    {
        Invariant = invariant;
        Variants = variants;
    }

    /// <summary>The text for every audience, when the author wrote a plain string.</summary>
    public string? Invariant { get; }

    /// <summary>Per-audience variants (keys are audience ids or <see cref="DefaultKey"/>).</summary>
    public IReadOnlyDictionary<string, string> Variants { get; }

    public static LocalizedText Of(string text) => new(text, new Dictionary<string, string>());

    public static LocalizedText OfVariants(IReadOnlyDictionary<string, string> variants) => new(null, variants);

    /// <summary>The text an audience reads, or null when the text does not exist for it.</summary>
    public string? For(string audience) =>
        Invariant ?? (Variants.TryGetValue(audience, out var text) ? text : Variants.GetValueOrDefault(DefaultKey));

    /// <summary>Every string the text holds, whatever the audience.</summary>
    public IEnumerable<string> AllVariants() => Invariant is null ? Variants.Values : [Invariant];
}
