namespace MedicalContent.Validation;

/// <summary>One thing wrong with the content: where (file and JSON pointer) and what, in plain words.</summary>
public sealed record ValidationProblem(string File, string Pointer, string Message)
{
    public override string ToString() => $"{File}#{Pointer}: {Message}";
}
