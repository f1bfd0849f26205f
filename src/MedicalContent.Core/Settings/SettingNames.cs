namespace MedicalContent.Settings;

/// <summary>
/// How a setting is spelt: <c>Section:Property</c> in configuration, <c>Section__Property</c> as an environment
/// variable or Azure app setting. Options classes name their own keys through these, so no key is typed twice.
/// </summary>
public static class SettingNames
{
    /// <summary>The hierarchy separator of configuration keys.</summary>
    public const string KeyDelimiter = ":";

    /// <summary>What stands for <see cref="KeyDelimiter"/> in environment variable (and app setting) names.</summary>
    public const string EnvironmentDelimiter = "__";

    /// <summary><c>ContentCache</c>, <c>MaxBytes</c> → <c>ContentCache:MaxBytes</c>.</summary>
    public static string Key(string section, string property) => section + KeyDelimiter + property;

    /// <summary><c>ContentCache</c>, <c>MaxBytes</c> → <c>ContentCache__MaxBytes</c>.</summary>
    public static string EnvironmentVariable(string section, string property) => ToEnvironmentVariable(Key(section, property));

    /// <summary>A configuration key as an environment variable name.</summary>
    public static string ToEnvironmentVariable(string key) => key.Replace(KeyDelimiter, EnvironmentDelimiter, StringComparison.Ordinal);

    /// <summary>An environment variable name as a configuration key.</summary>
    public static string FromEnvironmentVariable(string name) => name.Replace(EnvironmentDelimiter, KeyDelimiter, StringComparison.Ordinal);
}

/// <summary>
/// Endings of the messages validation attributes give (after the key, which each options class prepends from its
/// own <c>Section</c> constant): <c>{1}</c> and <c>{2}</c> are the attribute's bounds.
/// </summary>
public static class SettingMessages
{
    public const string Between = " must be from {1} to {2}.";
    public const string AtLeast = " must be at least {1}.";
    public const string ZeroOrMore = " must be zero or more.";
    public const string NotEmpty = " must not be empty.";
    public const string AtLeastOneItem = " must name at least one item.";
}
