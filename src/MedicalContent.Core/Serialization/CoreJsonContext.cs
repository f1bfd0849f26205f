using System.Text.Json;
using System.Text.Json.Serialization;
using MedicalContent.Model;
using MedicalContent.Rendering;

namespace MedicalContent.Serialization;

/// <summary>Source-generated JSON for every type the product reads or writes: no reflection, Native AOT safe.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = false,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ArticleDocument))]
[JsonSerializable(typeof(AudienceVocabulary))]
[JsonSerializable(typeof(ContentIndex))]
[JsonSerializable(typeof(IndexChange))]
[JsonSerializable(typeof(SyndicationTerms))]
[JsonSerializable(typeof(ArticleRepresentation))]
[JsonSerializable(typeof(MedicalWebPage))]
[JsonSerializable(typeof(AudienceListRepresentation))]
[JsonSerializable(typeof(ArticleIndexRepresentation))]
[JsonSerializable(typeof(VersionListRepresentation))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ChangeFeedPage))]
[JsonSerializable(typeof(SearchResultsRepresentation))]
[JsonSerializable(typeof(InfobuttonResponse))]
[JsonSerializable(typeof(string))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
