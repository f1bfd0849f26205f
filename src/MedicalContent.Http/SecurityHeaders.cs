namespace MedicalContent.Http;

/// <summary>Headers every answer carries, whichever host sends it.</summary>
public static class SecurityHeaders
{
    /// <summary>Every answer is data, never something a browser should sniff into HTML or script.</summary>
    public static void Apply(HttpResponse response) => response.Headers.XContentTypeOptions = NoSniff;

    /// <summary>The <c>X-Content-Type-Options</c> value.</summary>
    public const string NoSniff = "nosniff";
}
