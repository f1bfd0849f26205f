namespace MedicalContent.Delivery;

/// <summary>What the content service answers; the HTTP layer maps each case to a status code.</summary>
public abstract record Outcome;

/// <summary>200, or 304 when the client's validators match.</summary>
public sealed record Found(Representation Representation) : Outcome;

/// <summary>400: the request is malformed; <see cref="Allowed"/> says what would be accepted.</summary>
public sealed record Invalid(string Parameter, string Detail, IReadOnlyList<string>? Allowed = null) : Outcome;

/// <summary>404: no such article or version is publicly served.</summary>
public sealed record Missing(string Detail) : Outcome;

/// <summary>410: the version was retracted.</summary>
public sealed record Retracted(string Detail, string Reason, DateTimeOffset RetractedAt, string? Latest, IReadOnlyList<string> SurrogateKeys) : Outcome;

/// <summary>503: the store cannot be read and nothing usable is cached.</summary>
public sealed record Unavailable(string Detail) : Outcome;
