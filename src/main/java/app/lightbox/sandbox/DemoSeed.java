package app.lightbox.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo workspace: a believable week of someone's ComfyUI work. Times are relative to the sandbox
 * clock at start, so the seed is the same whenever the clock starts at the same instant.
 */
final class DemoSeed {

    private record Still(String name, int hoursAgo, int count, int width, int height, String... tags) {
    }

    private static final List<Still> STILLS = List.of(
            new Still("Portrait study — golden hour", 2, 4, 832, 1216, "sdxl", "portrait"),
            new Still("Misty pine forest, morning", 5, 6, 1216, 832, "sdxl", "landscape"),
            new Still("Product shot: ceramic mug", 9, 3, 1024, 1024, "flux", "product"),
            new Still("Neon alley after rain", 14, 8, 768, 1344, "sdxl", "city", "night"),
            new Still("Watercolor harbour", 20, 2, 1024, 768, "sd15", "painterly"),
            new Still("Isometric cozy room", 27, 4, 1024, 1024, "flux", "isometric"),
            new Still("Desert dunes at dusk", 33, 5, 1344, 768, "sdxl", "landscape"),
            new Still("Character sheet — explorer", 40, 6, 896, 1152, "sdxl", "character", "lora"),
            new Still("Botanical plate: ferns", 46, 3, 768, 1024, "sd15", "illustration"),
            new Still("Glass sculpture macro", 52, 4, 1024, 1024, "flux", "macro"),
            new Still("Alpine lake reflections", 61, 7, 1216, 832, "sdxl", "landscape"),
            new Still("Retro sci-fi poster", 70, 2, 832, 1216, "flux", "poster"),
            new Still("Still life with lemons", 79, 5, 1024, 1024, "sd15", "painterly"),
            new Still("Foggy lighthouse", 88, 3, 1024, 768, "sdxl", "landscape", "moody"),
            new Still("Street portrait, Lisbon", 97, 4, 832, 1216, "flux", "portrait"),
            new Still("Upscale test 2x", 108, 2, 1024, 1024, "upscale"),
            new Still("Abstract flow fields", 119, 8, 768, 768, "sd15", "abstract"),
            new Still("Autumn avenue", 130, 6, 1216, 832, "sdxl", "landscape"),
            new Still("Minimal logo concepts", 141, 4, 512, 512, "flux", "design"));

    private DemoSeed() {
    }

    static List<WorkflowSpec> specs() {
        List<WorkflowSpec> specs = new ArrayList<>();
        int n = 0;
        for (Still s : STILLS) {
            OutputSpec[] outputs = new OutputSpec[s.count()];
            for (int i = 0; i < s.count(); i++) {
                // Vary a few sizes within a batch, as upscaled or cropped variants would.
                boolean variant = (i + n) % 5 == 4;
                int w = variant ? Math.max(512, s.width() * 2 / 3) : s.width();
                int h = variant ? Math.max(512, s.height() * 2 / 3) : s.height();
                outputs[i] = OutputSpec.png(String.format("ComfyUI_%05d_.png", 100 + n * 10 + i), w, h);
            }
            specs.add(WorkflowSpec.completed(s.name())
                    .tags(s.tags())
                    .params(new String[] {"$text(prompt)", s.name().toLowerCase(java.util.Locale.ROOT)},
                            new String[] {"#choice(sampler)", n % 2 == 0 ? "euler_ancestral" : "dpmpp_2m"})
                    .createdAgo(Duration.ofHours(s.hoursAgo()).plusMinutes(7L * n))
                    .schedule(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(4 + n % 7),
                            Duration.ofSeconds(25 + 9L * s.count()))
                    .outputs(outputs));
            n++;
        }

        specs.add(WorkflowSpec.completed("Tide loop — seamless")
                .tags("video", "animatediff")
                .createdAgo(Duration.ofHours(11))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofMinutes(3))
                .outputs(OutputSpec.asset("tide_loop_00001.mp4", "clip-tide.mp4"),
                        OutputSpec.png("tide_loop_poster.png", 768, 432)));
        // Everything a gallery has to cope with in one place: stills, a video, an animated WebP, a WebM
        // JavaFX can't play, and a file storage served broken (an error page under a .png name).
        specs.add(WorkflowSpec.completed("Mixed media — lookdev batch")
                .tags("video", "animatediff", "sdxl")
                .createdAgo(Duration.ofMinutes(50))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofMinutes(2))
                .outputs(OutputSpec.png("lookdev_00001_.png", 832, 1216),
                        OutputSpec.asset("lookdev_drift_00001.webp", "drift-loop.webp"),
                        OutputSpec.asset("lookdev_orbit_00001.mp4", "clip-orbit.mp4"),
                        OutputSpec.png("lookdev_00002_.png", 1216, 832),
                        OutputSpec.asset("lookdev_preview_00001.webm", "clip-vp9.webm"),
                        OutputSpec.bytes("lookdev_00003_.png", "image/png",
                                "<html><body><h1>502 Bad Gateway</h1></body></html>"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        OutputSpec.png("lookdev_00004_.png", 1024, 1024)));
        specs.add(WorkflowSpec.completed("Fractal orbit animation")
                .tags("video", "svd")
                .createdAgo(Duration.ofHours(58))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(4))
                .outputs(OutputSpec.asset("orbit_00001.mp4", "clip-orbit.mp4")));
        specs.add(WorkflowSpec.completed("Prompt sweep (dry run)")
                .tags("sdxl", "test")
                .createdAgo(Duration.ofHours(36))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));

        specs.add(WorkflowSpec.failed("Huge batch 4K upscale", "KSampler", "torch.cuda.OutOfMemoryError",
                        "CUDA out of memory. Tried to allocate 2.00 GiB")
                .tags("sdxl", "upscale")
                .createdAgo(Duration.ofHours(7))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(41)));
        specs.add(WorkflowSpec.failed("Inpaint with missing LoRA", "LoraLoader", "FileNotFoundError",
                        "LoRA file not found: film_grain_v2.safetensors")
                .tags("sdxl", "lora", "inpaint")
                .createdAgo(Duration.ofHours(66))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        specs.add(WorkflowSpec.cancelled("Wrong aspect ratio — stopped")
                .tags("flux")
                .createdAgo(Duration.ofHours(23))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(15)));
        specs.add(WorkflowSpec.invalid("Broken graph import")
                .tags("test")
                .createdAgo(Duration.ofHours(49)));
        specs.add(WorkflowSpec.rawStatus("Archived experiment", "archived")
                .tags("sd15")
                .createdAgo(Duration.ofHours(150)));

        specs.add(WorkflowSpec.queued("Night market series", 3)
                .tags("sdxl", "city")
                .createdAgo(Duration.ofMinutes(3))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO));
        specs.add(WorkflowSpec.queued("Seaside panorama", 4)
                .tags("flux", "landscape")
                .createdAgo(Duration.ofMinutes(2)));
        specs.add(WorkflowSpec.completed("Snow leopard portrait")
                .tags("sdxl", "portrait")
                .createdAgo(Duration.ofSeconds(40))
                .schedule(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(85))
                .outputs(OutputSpec.png("ComfyUI_00901_.png", 832, 1216), OutputSpec.png("ComfyUI_00902_.png", 832, 1216),
                        OutputSpec.png("ComfyUI_00903_.png", 832, 1216)));
        specs.add(WorkflowSpec.completed("Ink wash mountains")
                .tags("sd15", "painterly")
                .createdAgo(Duration.ofSeconds(20))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(50))
                .outputs(OutputSpec.png("ComfyUI_00911_.png", 1216, 832), OutputSpec.png("ComfyUI_00912_.png", 1216, 832)));
        specs.add(WorkflowSpec.completed("Just submitted: moth wings macro")
                .tags("flux", "macro")
                .schedule(Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(25), Duration.ofSeconds(60))
                .outputs(OutputSpec.png("ComfyUI_00921_.png", 1024, 1024), OutputSpec.png("ComfyUI_00922_.png", 768, 1024)));
        return specs;
    }
}
