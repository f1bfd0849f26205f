namespace MedicalContent.Routing;

/// <summary>What the OpenAPI document says of a query parameter: its type, whether it is required, the values allowed and an example.</summary>
/// <param name="Type">The JSON Schema type of the value: <c>string</c> or <c>integer</c>.</param>
/// <param name="Allowed">The only values accepted, when they are a closed list.</param>
public sealed record QueryParameterDocumentation(string Description, string Type, string Example, bool Required = false, IReadOnlyList<string>? Allowed = null)
{
    /// <summary>The parameters of search and the Infobutton lookup, by name (other parameters are described by their routes).</summary>
    public static readonly IReadOnlyDictionary<string, QueryParameterDocumentation> ByName = new Dictionary<string, QueryParameterDocumentation>(StringComparer.Ordinal)
    {
        [QueryParameter.Q] = new(
            "The words to search for, 1 to 200 characters: lower-cased, diacritics folded, split at punctuation; every word must match, " +
            "as a whole word or the start of one.",
            "string", "insulin", Required: true),
        [QueryParameter.MainSearchCriteriaCode] = new(
            "HL7 Infobutton mainSearchCriteria.v.c: the code to look up, in the system named by mainSearchCriteria.v.cs (at most 64 characters).",
            "string", "E88.819", Required: true),
        [QueryParameter.MainSearchCriteriaCodeSystem] = new(
            "HL7 Infobutton mainSearchCriteria.v.cs: the OID of the code's system — ICD-10-CM 2.16.840.1.113883.6.90, SNOMED CT 2.16.840.1.113883.6.96, " +
            "RxNorm 2.16.840.1.113883.6.88, LOINC 2.16.840.1.113883.6.1, MeSH 2.16.840.1.113883.6.177.",
            "string", "2.16.840.1.113883.6.90", Required: true,
            ["2.16.840.1.113883.6.90", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.88", "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.177"]),
        [QueryParameter.MainSearchCriteriaDisplayName] = new(
            "HL7 Infobutton mainSearchCriteria.v.dn: the code's display name (at most 200 characters). Used only when no article carries the code: " +
            "then the articles whose subject name or a synonym is this name, word for word, are answered.",
            "string", "Insulin resistance"),
        [QueryParameter.InformationRecipient] = new(
            "HL7 Infobutton informationRecipient: PAT answers the patient text, PROV the clinician text; absent, the vocabulary's default audience.",
            "string", "PROV", Allowed: ["PAT", "PROV"]),
        [QueryParameter.KnowledgeResponseType] = new(
            "HL7 Infobutton knowledgeResponseType: the response format; only application/json (a feed shaped like MedlinePlus Connect's JSON).",
            "string", "application/json", Allowed: ["application/json"]),
    };
}
