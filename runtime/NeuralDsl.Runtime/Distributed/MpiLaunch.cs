namespace NeuralDsl.Distributed;

/// <summary>Whether this process was started by an MPI launcher, read from the environment the launchers set.</summary>
internal static class MpiLaunch
{
    /// <summary>Set by Open MPI's mpirun (<c>OMPI_COMM_WORLD_SIZE</c>), by PMI launchers such as MPICH's Hydra and Slurm's srun
    /// (<c>PMI_SIZE</c>), and by PMIx launchers (<c>PMIX_RANK</c>).</summary>
    public static readonly string[] Variables = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"];

    /// <summary>Whether any of <see cref="Variables"/> is set (<paramref name="environment"/> reads one; tests pass their own).</summary>
    public static bool IsStartedByLauncher(Func<string, string?> environment)
    {
        foreach (string name in Variables)
            if (!string.IsNullOrEmpty(environment(name))) return true;
        return false;
    }
}
