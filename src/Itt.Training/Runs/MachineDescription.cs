using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Itt.Training.Runs;

/// <summary>
/// One line naming the machine a process runs on, as far as its speed goes: processor name and, on x86, its family and
/// model (a virtual machine often names only "AMD EPYC", which covers generations of very different speed), logical
/// cores, the widest vector instructions .NET uses, and the operating system. Run folders record it
/// (<see cref="RunFolder.RecordMachine"/>) because a long run is often trained over several sessions on different
/// machines, and its wall-clock figures only compare on one.
/// </summary>
public static class MachineDescription
{
    /// <summary>This process's machine, e.g. <c>AMD EPYC (x86 family 25 model 1); 2 logical cores; AVX2; Linux</c>. It holds no commas.</summary>
    public static string Current { get; } = Describe();

    private static string Describe()
    {
        string[] parts =
        [
            Processor(),
            $"{Environment.ProcessorCount} logical cores",
            Vector512.IsHardwareAccelerated ? "AVX-512" : Avx2.IsSupported ? "AVX2" : AdvSimd.IsSupported ? "AdvSimd"
                : Vector128.IsHardwareAccelerated ? "128-bit vectors" : "no vector instructions",
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "Linux" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macOS"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows" : RuntimeInformation.OSDescription,
        ];
        return string.Join("; ", parts.Select(p => p.Replace(',', ' ').Replace(';', ' ').Trim()));
    }

    private static string Processor()
    {
        if (!X86Base.IsSupported) return RuntimeInformation.ProcessArchitecture.ToString();
        var brand = new StringBuilder();
        if ((uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax >= 0x80000004)
            for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
            {
                var (a, b, c, d) = X86Base.CpuId(unchecked((int)leaf), 0);
                foreach (int register in new[] { a, b, c, d })
                    for (int shift = 0; shift < 32; shift += 8) brand.Append((char)((register >> shift) & 0xFF));
            }
        string name = string.Join(' ', brand.ToString().TrimEnd('\0').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Leaf 1: the family and model, with their extended fields as the vendors define them.
        int signature = X86Base.CpuId(1, 0).Eax;
        int baseFamily = (signature >> 8) & 0xF, baseModel = (signature >> 4) & 0xF;
        int family = baseFamily == 0xF ? baseFamily + ((signature >> 20) & 0xFF) : baseFamily;
        int model = baseFamily is 0x6 or 0xF ? ((signature >> 16) & 0xF) << 4 | baseModel : baseModel;
        return $"{(name.Length > 0 ? name : "x86 processor")} (x86 family {family} model {model})";
    }
}
