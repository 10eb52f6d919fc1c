using System.Security.Cryptography;
using System.Text;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Specs;

/// <summary>
/// One run of a sweep: a resolved run config (as an object and as canonical JSON) and a replicate index.
/// Id = first 16 hex digits of SHA-256(experiment "\n" config JSON "\n" replicate);
/// Seed = Seeds.Derive(Seeds.Hash(experiment "\n" config JSON), replicate).
/// Both depend only on these three things, never on grid order, thread count or time.
/// </summary>
public sealed record RunSpec(string Experiment, string Id, string ConfigJson, int Replicate, ulong Seed, object Config)
{
    public static RunSpec Create(string experiment, object config, int replicate)
    {
        string json = CanonicalJson.Serialize(config);
        return new RunSpec(experiment, IdOf(experiment, json, replicate), json, replicate,
            Seeds.Derive(Seeds.Hash(experiment + "\n" + json), replicate), config);
    }

    public static string IdOf(string experiment, string configJson, int replicate)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{experiment}\n{configJson}\n{replicate}"));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
