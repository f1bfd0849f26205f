using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MedicalContent.Model;
using MedicalContent.Settings;
using Microsoft.Extensions.Options;

namespace MedicalContent.Delivery;

/// <summary>
/// Origin-side content cache settings (configuration section <c>ContentCache</c>). The attributes are the bounds:
/// <see cref="ContentCacheOptionsValidator"/> is generated from them.
/// </summary>
public sealed class ContentCacheOptions
{
    public const string Section = "ContentCache";

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>ContentCache:{property}</c>, e.g. <c>Key(nameof(MaxBytes))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>ContentCache__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    /// <summary>How often, at most, the store's index is re-checked (a conditional read).</summary>
    [SettingRange(0, 3600, ErrorMessage = Prefix + nameof(RefreshIntervalSeconds) + SettingMessages.Between)]
    public int RefreshIntervalSeconds { get; set; } = 5;

    /// <summary>Upper bound, in bytes, of the rendered representations kept in memory.</summary>
    [SettingRange(1024, long.MaxValue, ErrorMessage = Prefix + nameof(MaxBytes) + SettingMessages.AtLeast)]
    public long MaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Review statuses the public endpoints serve. Anything else is only reachable through preview.</summary>
    [AtLeastOneItem(ErrorMessage = Prefix + nameof(PublicStatuses) + " must name at least one review status.")]
    public IReadOnlyList<ReviewStatus> PublicStatuses { get; set; } = [ReviewStatus.Approved];

    /// <summary>Deadline of one store call; a slower call is abandoned and retried.</summary>
    [SettingRange(0.05, 60, ErrorMessage = Prefix + nameof(StoreTimeoutSeconds) + SettingMessages.Between)]
    public double StoreTimeoutSeconds { get; set; } = 2;

    /// <summary>Retries of a failed or timed-out store call, with jittered backoff.</summary>
    [SettingRange(0, 5, ErrorMessage = Prefix + nameof(StoreRetries) + SettingMessages.Between)]
    public int StoreRetries { get; set; } = 2;

    /// <summary>The most any request waits for the store, all attempts included (at least <see cref="StoreTimeoutSeconds"/>).</summary>
    [SettingRange(0.1, 120, ErrorMessage = Prefix + nameof(StoreBudgetSeconds) + SettingMessages.Between)]
    public double StoreBudgetSeconds { get; set; } = 5;

    /// <summary>How long content already in memory keeps being served while the store cannot be read.</summary>
    [SettingRange(0, 7 * 24 * 3600, ErrorMessage = Prefix + nameof(StaleWindowSeconds) + SettingMessages.Between)]
    public int StaleWindowSeconds { get; set; } = 86400;

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(RefreshIntervalSeconds);

    public TimeSpan StoreTimeout => TimeSpan.FromSeconds(StoreTimeoutSeconds);

    public TimeSpan StoreBudget => TimeSpan.FromSeconds(StoreBudgetSeconds);

    public TimeSpan StaleWindow => TimeSpan.FromSeconds(StaleWindowSeconds);
}

/// <summary>Each <see cref="ContentCacheOptions"/> setting against its own bounds (generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class ContentCacheOptionsValidator : IValidateOptions<ContentCacheOptions>;

/// <summary>What no single attribute can say: the budget covers at least one whole attempt.</summary>
public sealed class ContentCacheOptionsCrossFieldValidator : IValidateOptions<ContentCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentCacheOptions options) =>
        options.StoreBudgetSeconds >= options.StoreTimeoutSeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreBudgetSeconds))} ({options.StoreBudgetSeconds}) must be at least " +
                $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreTimeoutSeconds))} ({options.StoreTimeoutSeconds}): a request must be able to wait for one whole store call."));
}
