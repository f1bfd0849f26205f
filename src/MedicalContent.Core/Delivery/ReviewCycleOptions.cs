using MedicalContent.Model;
using MedicalContent.Settings;
using Microsoft.Extensions.Options;

namespace MedicalContent.Delivery;

/// <summary>
/// The review-cycle policy the mutable representations report against (configuration section <c>ReviewCycle</c>).
/// Editorial policy, not content: it changes <see cref="ReviewState"/> on the latest article and the index, never a
/// version URL's bytes. The attributes are the bounds: <see cref="ReviewCycleOptionsValidator"/> is generated from them.
/// </summary>
public sealed class ReviewCycleOptions
{
    public const string Section = "ReviewCycle";

    /// <summary>The window when none is configured.</summary>
    public const int DefaultDueSoonDays = 30;

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>ReviewCycle:{property}</c>, e.g. <c>Key(nameof(DueSoonDays))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>ReviewCycle__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    /// <summary>
    /// How many days before its next review is due a text is reported <see cref="ReviewState.DueSoon"/> (0: only on
    /// the due date itself). A year at most: a longer window would call every text due soon.
    /// </summary>
    [SettingRange(0, 365, ErrorMessage = Prefix + nameof(DueSoonDays) + SettingMessages.Between)]
    public int DueSoonDays { get; set; } = DefaultDueSoonDays;
}

/// <summary>Each <see cref="ReviewCycleOptions"/> setting against its own bounds (generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class ReviewCycleOptionsValidator : IValidateOptions<ReviewCycleOptions>;
