using System.Text.Json;
using System.Text.Json.Serialization;
using MedicalContent.Rendering;

namespace MedicalContent.Delivery;

/// <summary>
/// Reads a rendered article back (source-generated, no reflection): the latest article is made from its version's
/// bytes. Served JSON leaves out what is null, so absent constructor parameters are null here, where
/// <see cref="Serialization.CoreJsonContext"/>, which checks what authors wrote, requires them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = false)]
[JsonSerializable(typeof(ArticleRepresentation))]
internal sealed partial class RenditionJsonContext : JsonSerializerContext;
