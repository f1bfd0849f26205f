using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Storage.Blobs;
using MedicalContent.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedicalContent.Storage;

/// <summary>
/// Which store holds the content (configuration section <c>ContentStore</c>): the API reads it, the CLI publishes to
/// it (its flags override these settings). <see cref="ContentStores.Create"/> builds the store they describe.
/// </summary>
public sealed class ContentStoreOptions
{
    public const string Section = "ContentStore";

    /// <summary>A blob container name: 3 to 63 lowercase letters, digits and single hyphens.</summary>
    public const string ContainerNamePattern = "^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$";

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>ContentStore:{property}</c>, e.g. <c>Key(nameof(Kind))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>ContentStore__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    public ContentStoreKind Kind { get; set; } = ContentStoreKind.FileSystem;

    /// <summary>
    /// File system: the content folder. A relative path is looked up from the working directory and then from each
    /// of its parents, so the repository's <c>content-json/</c> is found from anywhere inside a clone.
    /// </summary>
    public string Path { get; set; } = "content-json";

    /// <summary>Blob: the account's blob endpoint (https://{account}.blob.core.windows.net/), used with managed identity.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Blob: a connection string, for the local emulator only. Takes precedence over <see cref="BlobServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    [Required(ErrorMessage = Prefix + nameof(ContainerName) + SettingMessages.NotEmpty)]
    [RegularExpression(ContainerNamePattern, ErrorMessage = Prefix + nameof(ContainerName) + " must be 3 to 63 lowercase letters, digits and single hyphens.")]
    public string ContainerName { get; set; } = "articles";

    /// <summary>The content folder <see cref="Path"/> names, or null when there is none.</summary>
    public string? ResolvePath()
    {
        if (System.IO.Path.IsPathRooted(Path))
        {
            return Directory.Exists(Path) ? Path : null;
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, Path);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The blob container these settings name (connection string first, else the endpoint signed in with <paramref name="credential"/>).</summary>
    public BlobContainerClient CreateContainerClient(TokenCredential? credential, int sdkRetries = 3) =>
        BlobContentStore.CreateContainerClient(BlobServiceUri, ConnectionString, ContainerName, credential, sdkRetries);
}

public enum ContentStoreKind
{
    FileSystem,
    Blob,
}

/// <summary>Each <see cref="ContentStoreOptions"/> setting on its own (generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class ContentStoreOptionsValidator : IValidateOptions<ContentStoreOptions>;

/// <summary>What depends on <see cref="ContentStoreOptions.Kind"/>: the settings each kind of store needs, and that the folder exists.</summary>
public sealed class ContentStoreOptionsCrossFieldValidator : IValidateOptions<ContentStoreOptions>
{
    private static readonly string Kind = ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind));
    private static readonly string Path = ContentStoreOptions.Key(nameof(ContentStoreOptions.Path));
    private static readonly string BlobServiceUri = ContentStoreOptions.Key(nameof(ContentStoreOptions.BlobServiceUri));
    private static readonly string ConnectionString = ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString));

    public ValidateOptionsResult Validate(string? name, ContentStoreOptions options) => options.Kind switch
    {
        ContentStoreKind.FileSystem when string.IsNullOrWhiteSpace(options.Path) =>
            ValidateOptionsResult.Fail($"{Path} must name the content folder when {Kind} is {ContentStoreKind.FileSystem}."),
        ContentStoreKind.FileSystem when options.ResolvePath() is null =>
            ValidateOptionsResult.Fail($"{Path} '{options.Path}' is not a folder here ({Environment.CurrentDirectory}) or in any parent folder."),
        ContentStoreKind.Blob when options.BlobServiceUri is null && string.IsNullOrWhiteSpace(options.ConnectionString) =>
            ValidateOptionsResult.Fail($"{BlobServiceUri} (or, for the emulator only, {ConnectionString}) is required when {Kind} is {ContentStoreKind.Blob}."),
        ContentStoreKind.Blob when options.BlobServiceUri is { } uri && !IsHttps(uri) && string.IsNullOrWhiteSpace(options.ConnectionString) =>
            ValidateOptionsResult.Fail($"{BlobServiceUri} must be an https:// URL such as https://ACCOUNT.blob.core.windows.net."),
        ContentStoreKind.FileSystem or ContentStoreKind.Blob => ValidateOptionsResult.Success,
        _ => ValidateOptionsResult.Fail(UnknownKind(options.Kind)),
    };

    internal static string UnknownKind(ContentStoreKind kind) =>
        $"{Kind} must be {ContentStoreKind.FileSystem} or {ContentStoreKind.Blob}; it is '{kind}'.";

    private static bool IsHttps(Uri uri) => uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttps;
}

/// <summary>Builds the store <see cref="ContentStoreOptions"/> describe, for the API and the CLI alike.</summary>
public static class ContentStores
{
    /// <summary>
    /// The store; the options must have passed their validators (the folder exists, a blob endpoint is named). A blob
    /// endpoint is signed in to with <paramref name="credential"/>: the app's managed identity (<see cref="AppCredential"/>),
    /// or whatever the caller prefers (the CLI's developer chain).
    /// </summary>
    public static IContentStore Create(ContentStoreOptions options, ILoggerFactory loggers, TokenCredential? credential) => options.Kind switch
    {
        ContentStoreKind.FileSystem => new FileContentStore(
            options.ResolvePath() ?? throw new InvalidOperationException($"{ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))} '{options.Path}' is not a folder."),
            loggers.CreateLogger<FileContentStore>()),
        // The resilience wrapper retries; the SDK does not retry underneath it.
        ContentStoreKind.Blob => new BlobContentStore(options.CreateContainerClient(credential, sdkRetries: 0)),
        _ => throw new InvalidOperationException(ContentStoreOptionsCrossFieldValidator.UnknownKind(options.Kind)),
    };
}
