using MedicalContent.Validation;

namespace MedicalContent.Publishing;

/// <summary>A version blob already exists with other bytes: the editor must publish the change as a new version.</summary>
public sealed class VersionConflictException(ValidationProblem problem) : Exception(problem.ToString())
{
    public ValidationProblem Problem { get; } = problem;
}

/// <summary>The index kept changing under us: every conditional write lost its race.</summary>
public sealed class IndexConflictException(string message) : Exception(message);

/// <summary>A retraction that cannot be applied (unknown article or version, already retracted, nothing published).</summary>
public sealed class RetractionRefusedException(string message) : Exception(message);
