using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Validation;

namespace MedicalContent.Publishing;

/// <summary>What a publish would do, worked out before anything is uploaded.</summary>
public sealed record PublishPlan
{
    /// <summary>The folder as loaded and validated: the same check the API applies.</summary>
    public required ContentFolderLoad Folder { get; init; }

    /// <summary>Version blobs to upload.</summary>
    public required IReadOnlyList<PlannedVersion> New { get; init; }

    /// <summary>Versions already in the store with exactly these bytes (indexed or not).</summary>
    public required IReadOnlyList<PlannedVersion> Unchanged { get; init; }

    /// <summary>Versions whose bytes differ from the ones already in the store: they are never overwritten.</summary>
    public required IReadOnlyList<ValidationProblem> Conflicts { get; init; }

    /// <summary>Folder versions the index does not list yet: the new ones and any uploaded by an interrupted run.</summary>
    public required IReadOnlyList<PlannedVersion> Unindexed { get; init; }

    /// <summary>Whether the folder's audience vocabulary differs from the published one.</summary>
    public required bool VocabularyChanges { get; init; }

    /// <summary>The index as read when planning (null when nothing is published yet).</summary>
    public required IndexSnapshot? CurrentIndex { get; init; }

    /// <summary>Whether the index would change (new versions, versions uploaded earlier but not yet indexed, a new vocabulary).</summary>
    public required bool IndexChanges { get; init; }

    /// <summary>Everything that stops the publish: validation problems first, then conflicts.</summary>
    public IReadOnlyList<ValidationProblem> Problems => [.. Folder.Problems, .. Conflicts];

    public bool CanApply => Problems.Count == 0;

    public bool IsNoOp => CanApply && New.Count == 0 && !IndexChanges;
}

/// <summary>One version document of the folder and the blob it is (or would be) stored as.</summary>
public sealed record PlannedVersion(string BlobName, LoadedVersion Version)
{
    public string Slug => Version.Document.Slug;

    public int Number => Version.Document.Version;
}

/// <summary>What a publish did.</summary>
public sealed record PublishResult(PublishPlan Plan, int Uploaded, int AlreadyPresent, bool IndexWritten, int IndexAttempts)
{
    public bool Succeeded => Plan.CanApply;
}

/// <summary>Progress of the uploads: <paramref name="Done"/> of <paramref name="Total"/>, the last one being <paramref name="BlobName"/>.</summary>
public sealed record PublishProgress(int Done, int Total, string BlobName);
