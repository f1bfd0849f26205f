using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using MedicalContent.Delivery;
using MedicalContent.Http;
using MedicalContent.Http.Telemetry;
using MedicalContent.Settings;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// The function app's settings (infra/modules/function-app.bicep) against the configuration the app binds: a setting
/// whose name the app does not read is silently ignored in Azure, so a rename on either side must fail here.
/// </summary>
public class AppSettingsDriftTests
{
    public static readonly string FunctionAppBicep = Path.Combine(RepoPaths.Root, "infra", "modules", "function-app.bicep");

    /// <summary>Settings the Functions platform reads, not the app.</summary>
    private static readonly string[] PlatformPrefixes = ["AzureWebJobsStorage__", "APPLICATIONINSIGHTS_", "FUNCTIONS_", "WEBSITE_"];

    /// <summary>Standard Azure variables the app reads by their own names: a user-assigned identity's client id (optional).</summary>
    private static readonly string[] StandardVariables = [AppCredential.ClientIdVariable];

    /// <summary>The module parameter of type appSettingsType: the values a deployer chooses.</summary>
    private const string SettingsParameter = "settings";

    private readonly IReadOnlyDictionary<string, string> _settings = BicepAppSettings.Read(FunctionAppBicep);

    /// <summary>What Azure must set: where the content is, and every cache lifetime.</summary>
    public static IEnumerable<string> RequiredSettings() =>
    [
        Key<ContentStoreOptions>(nameof(ContentStoreOptions.Kind)),
        Key<ContentStoreOptions>(nameof(ContentStoreOptions.BlobServiceUri)),
        Key<ContentStoreOptions>(nameof(ContentStoreOptions.ContainerName)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.RefreshIntervalSeconds)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.MaxBytes)),
        .. SettableProperties(typeof(HttpCachingOptions)).Select(p => Key<HttpCachingOptions>(p.Name)),
    ];

    [Fact]
    public void TheAppSettingsComeFromOneObjectLiteralThatTheAppUses()
    {
        Assert.Contains($"properties: {BicepAppSettings.VariableName}", File.ReadAllText(FunctionAppBicep), StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", _settings.Keys);
        Assert.Contains(Key<ContentStoreOptions>(nameof(ContentStoreOptions.Kind)), _settings.Keys);
    }

    [Fact]
    public void EveryAppSettingThatIsNotAPlatformSettingIsAConfigurationKeyTheAppBinds()
    {
        var options = BoundOptionTypes();
        var problems = _settings.Keys
            .Where(name => !PlatformPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)) && !StandardVariables.Contains(name))
            .Select(name => Problem(name, options))
            .OfType<string>()
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TelemetryIsExportedWithTheSettingsTheAppReadsAndSignsInWithEntraId()
    {
        Assert.Contains(AzureMonitorExport.ConnectionStringVariable, _settings.Keys);
        var authentication = _settings[AzureMonitorExport.AuthenticationStringVariable].Trim('\'');
        Assert.NotNull(AzureMonitorExport.EntraIdentity(authentication));
    }

    [Fact]
    public void EverySettingTheDeployerChoosesReadsTheTypePropertyOfTheSameName()
    {
        // HttpCaching__LatestMaxAgeSeconds <- settings.?httpCaching.?latestMaxAgeSeconds (appSettingsType in the same file).
        var problems = _settings
            .Select(setting => (setting.Key, Value: setting.Value.Replace(".?", ".", StringComparison.Ordinal)))
            .Where(setting => setting.Value.Contains(SettingsParameter + ".", StringComparison.Ordinal))
            .Select(setting => (setting.Key, setting.Value, Expected: SettingsParameter + string.Concat(setting.Key.Split("__").Select(p => "." + Camel(p)))))
            .Where(setting => !setting.Value.Contains(setting.Expected, StringComparison.Ordinal))
            .Select(setting => $"'{setting.Key}' is set from '{setting.Value}', not from '{setting.Expected}'")
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void AzureSetsTheContentLocationAndEveryCacheLifetime()
    {
        var missing = RequiredSettings().Where(name => !_settings.ContainsKey(name)).ToList();

        Assert.True(missing.Count == 0, $"{FunctionAppBicep} does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AzureSelectsTheBlobContentStore()
    {
        var kind = BicepAppSettings.Literal(_settings[Key<ContentStoreOptions>(nameof(ContentStoreOptions.Kind))]);

        Assert.True(Enum.TryParse<ContentStoreKind>(kind, ignoreCase: false, out var parsed), $"'{kind}' is not a {nameof(ContentStoreKind)}");
        Assert.Equal(ContentStoreKind.Blob, parsed);
    }

    /// <summary>
    /// Keys the app binds that Azure deliberately leaves to their defaults. Anything else the app binds must be an app
    /// setting, so a new option cannot be forgotten in Bicep.
    /// </summary>
    public static IEnumerable<string> LeftToTheirDefaultsInAzure() =>
    [
        Key<ContentStoreOptions>(nameof(ContentStoreOptions.Path)), // the file store only
        Key<ContentStoreOptions>(nameof(ContentStoreOptions.ConnectionString)), // the emulator only: Azure uses managed identity
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.PublicStatuses)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.StoreTimeoutSeconds)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.StoreRetries)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.StoreBudgetSeconds)),
        Key<ContentCacheOptions>(nameof(ContentCacheOptions.StaleWindowSeconds)),
    ];

    [Fact]
    public void EveryKeyTheAppBindsIsAnAppSettingOrDeliberatelyLeftToItsDefault()
    {
        var bound = BoundKeys().ToHashSet(StringComparer.Ordinal);
        var exempt = LeftToTheirDefaultsInAzure().ToHashSet(StringComparer.Ordinal);

        var unset = bound.Where(key => !_settings.ContainsKey(key) && !exempt.Contains(key)).Order(StringComparer.Ordinal).ToList();
        var stale = exempt.Where(key => !bound.Contains(key) || _settings.ContainsKey(key)).ToList();

        Assert.True(unset.Count == 0, $"{FunctionAppBicep} does not set {string.Join(", ", unset)}: add the app setting, or list it in {nameof(LeftToTheirDefaultsInAzure)} with the reason.");
        Assert.True(stale.Count == 0, $"{nameof(LeftToTheirDefaultsInAzure)} names keys the app does not bind or Bicep sets: {string.Join(", ", stale)}");
    }

    [Fact]
    public void EveryOptionsClassIsBoundByTheDeployedApp()
    {
        // Every type with a Section constant: a class the worker does not bind would be configuration Azure cannot reach.
        var declared = AppAssemblies().SelectMany(a => a.GetTypes()).Where(t => Section(t) is not null).ToHashSet();
        var bound = BoundOptionTypes().Values.ToHashSet();

        Assert.Equal(declared.Select(t => t.Name).Order(StringComparer.Ordinal), bound.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Superset(bound, new HashSet<Type> { typeof(ContentStoreOptions), typeof(ContentCacheOptions), typeof(ReviewCycleOptions), typeof(HttpCachingOptions), typeof(PreviewOptions), typeof(BrowserAccessOptions) });
    }

    [Fact]
    public void TheBoundsBicepAllowsAreTheOptionsBounds()
    {
        // @minValue/@maxValue of appSettingsType against the [Range] the app validates: Azure must refuse at
        // deployment what the app would refuse at start-up, and nothing the app accepts.
        var options = BoundOptionTypes();
        var problems = new List<string>();
        foreach (var (name, bicep) in BicepAppSettings.ReadBounds(FunctionAppBicep))
        {
            var section = options.Keys.Single(s => name.StartsWith(s + "__", StringComparison.Ordinal));
            var property = options[section].GetProperty(name[(section.Length + 2)..])!;
            var range = property.GetCustomAttribute<RangeAttribute>();
            double? min = range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            double? max = range is null || Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture) >= int.MaxValue ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            if (min != bicep.Min || max != bicep.Max)
            {
                problems.Add($"{name}: Bicep allows {bicep.Min?.ToString(CultureInfo.InvariantCulture) ?? "-"}..{bicep.Max?.ToString(CultureInfo.InvariantCulture) ?? "-"}, " +
                    $"{options[section].Name}.{property.Name} {min?.ToString(CultureInfo.InvariantCulture) ?? "-"}..{max?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static readonly string[] FoldersThatNameSettings = ["eng", "tests/bench", "docs", "infra", "src", ".ci"];

    /// <summary>
    /// Files that name settings but cannot read the options' constants: scripts, the benchmark, project files, the
    /// app's own appsettings.json and the manuals. Each name they use must be one the app binds.
    /// </summary>
    [Fact]
    public void EverySettingNamedInScriptsProjectFilesAndDocsIsOneTheAppBinds()
    {
        var options = BoundOptionTypes();
        var sections = string.Join("|", options.Keys.Select(s => System.Text.RegularExpressions.Regex.Escape(s)));
        var mention = new System.Text.RegularExpressions.Regex($@"\b({sections})(?:__|:)([A-Z][A-Za-z0-9]*(?:(?:__|:)[A-Za-z0-9]+)*)");
        var root = RepoPaths.Root;
        string[] patterns = ["*.sh", "*.py", "*.md", "*.csproj", "*.props", "*.targets", "*.json", "*.bicep", "*.bicepparam", "*.yaml", "run"];
        string[] skipped = ["node_modules", "bin", "obj", "artifacts", ".git"];
        var files = FoldersThatNameSettings
            .Select(folder => Path.Combine(root, folder))
            .SelectMany(folder => patterns.SelectMany(pattern => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)))
            .Append(Path.Combine(root, "README.md"))
            .Append(Path.Combine(root, "azure.yaml"))
            .Where(file => File.Exists(file) && !Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Distinct()
            .ToList();

        var problems = new List<string>();
        var checkedNames = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var names = mention.Matches(text).Select(m => m.Value.Replace(SettingNames.KeyDelimiter, SettingNames.EnvironmentDelimiter, StringComparison.Ordinal));
            if (Path.GetFileName(file).StartsWith("appsettings", StringComparison.Ordinal))
            {
                // appsettings.json names keys as nested objects: { "ContentStore": { "Kind": ... } }.
                using var json = System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
                names = names.Concat(json.RootElement.EnumerateObject()
                    .Where(section => options.ContainsKey(section.Name) && section.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
                    .SelectMany(section => section.Value.EnumerateObject().Select(key => section.Name + SettingNames.EnvironmentDelimiter + key.Name))
                    .ToList());
            }

            foreach (var name in names.Distinct())
            {
                checkedNames++;
                if (Problem(name, options) is { } problem)
                {
                    problems.Add($"{Path.GetRelativePath(root, file)}: {problem}");
                }
            }
        }

        Assert.True(checkedNames > 20, $"expected the scripts, Bicep and docs to name settings; found {checkedNames}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Every configuration key the deployed app binds, as an app setting name.</summary>
    private static IEnumerable<string> BoundKeys() =>
        BoundOptionTypes().SelectMany(option => SettableProperties(option.Value).Select(p => option.Key + SettingNames.EnvironmentDelimiter + p.Name));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.Kind)) → configuration key ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind)) (the "__" separator of environment variables).</summary>
    private static string Key<T>(string property) => Section(typeof(T))!.Replace(":", "__", StringComparison.Ordinal) + "__" + property;

    private static string? Problem(string name, IReadOnlyDictionary<string, Type> options)
    {
        var section = options.Keys
            .Where(s => name.StartsWith(s + "__", StringComparison.Ordinal))
            .OrderByDescending(s => s.Length)
            .FirstOrDefault();
        if (section is null)
        {
            return $"'{name}' is not a platform setting and starts with no section the app binds ({string.Join(", ", options.Keys.Order(StringComparer.Ordinal))})";
        }

        var type = options[section];
        var path = name[(section.Length + 2)..].Split("__");
        var property = SettableProperties(type).FirstOrDefault(p => p.Name == path[0]);
        if (property is null)
        {
            return $"'{name}': {type.Name} has no settable property '{path[0]}' ({string.Join(", ", SettableProperties(type).Select(p => p.Name))})";
        }

        var isListItem = path.Length == 2
            && property.PropertyType != typeof(string)
            && typeof(IEnumerable).IsAssignableFrom(property.PropertyType)
            && int.TryParse(path[1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return path.Length == 1 || isListItem ? null : $"'{name}': {type.Name}.{property.Name} has no member '{string.Join("__", path[1..])}'";
    }

    /// <summary>Section name (with "__") → options type, for every type with a Section constant that the real app binds.</summary>
    internal static Dictionary<string, Type> BoundOptionTypes()
    {
        // The deployed app is the Functions worker: its own registration decides what Azure's settings can reach.
        using var worker = new FunctionsWorker(new Dictionary<string, string?>());
        var services = worker.Services;
        var bound = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in AppAssemblies().SelectMany(a => a.GetTypes()))
        {
            if (Section(type) is { } section && IsBound(services, type))
            {
                bound.Add(SettingNames.ToEnvironmentVariable(section), type);
            }
        }

        return bound;
    }

    /// <summary>The app's own assemblies (MedicalContent.*, not the tests): options types live in Core, Http and the host.</summary>
    private static IEnumerable<Assembly> AppAssemblies() =>
        AppDomain.CurrentDomain.GetAssemblies().Where(a =>
            a != typeof(AppSettingsDriftTests).Assembly && a.GetName().Name?.StartsWith("MedicalContent.", StringComparison.Ordinal) == true);

    /// <summary>BindConfiguration registers a configuration change-token source for the options type.</summary>
    private static bool IsBound(IServiceProvider services, Type options)
    {
        var sources = services.GetServices(typeof(IOptionsChangeTokenSource<>).MakeGenericType(options));
        return sources.OfType<object>().Any();
    }

    private static string? Section(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    internal static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });
}
