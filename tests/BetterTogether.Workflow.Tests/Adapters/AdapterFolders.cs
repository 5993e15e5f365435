namespace BetterTogether.Workflow.Tests.Adapters;

/// <summary>PEFT-shaped adapter folders for the adapter-store tests (the bytes matter, not their meaning).</summary>
internal static class AdapterFolders
{
    public static string Write(string folder, int seed)
    {
        Directory.CreateDirectory(folder);
        var weights = new byte[4096];
        new Random(seed).NextBytes(weights);
        File.WriteAllBytes(Path.Combine(folder, "adapter_model.safetensors"), weights);
        File.WriteAllText(Path.Combine(folder, "adapter_config.json"), $"{{\"peft_type\":\"LORA\",\"r\":{seed}}}");
        return folder;
    }

    public static void AssertSameFiles(string expected, string actual)
    {
        foreach (var name in new[] { "adapter_config.json", "adapter_model.safetensors" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, name)), File.ReadAllBytes(Path.Combine(actual, name)));
        }
    }
}
