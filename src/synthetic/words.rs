//! The word lists and tables the synthetic catalog is assembled from.

// Word lists

/// Accessory kinds; each has a sub-category under "Accessories".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Case,
    Screen,
    Charger,
    Cable,
    Bag,
    MemoryCard,
    Battery,
    Mount,
    Cleaning,
    Filter,
    Strap,
    Ink,
    Remote,
    BrushHead,
}

pub(super) use Kind::*;

pub(super) const KIND_COUNT: usize = 14;

pub(super) struct KindSpec {
    pub(super) category: &'static str,
    pub(super) noun: &'static str,
    /// The role; per-family kinds append ":<family>".
    pub(super) role: &'static str,
    pub(super) per_family: bool,
    /// Price range in minor units.
    pub(super) price: (i64, i64),
    /// The first attribute's value goes into the name.
    pub(super) attrs: [(&'static str, &'static [&'static str]); 3],
    pub(super) benefits: [&'static str; 2],
}

pub(super) const KINDS: [KindSpec; KIND_COUNT] = [
    KindSpec {
        category: "Cases",
        noun: "Case",
        role: "case",
        per_family: true,
        price: (999, 5999),
        attrs: [
            ("Material", &["Clear", "Leather", "Silicone", "Rugged", "Folio", "Recycled"]),
            ("Drop rating", &["1.2 m", "2 m", "3 m", "4 m"]),
            ("Thickness", &["0.8 mm", "1.2 mm", "2 mm", "3.5 mm"]),
        ],
        benefits: ["it takes the knock when it slips out of a pocket", "scratches never reach the finish"],
    },
    KindSpec {
        category: "Screen Protection",
        noun: "Screen Protector",
        role: "screen",
        per_family: true,
        price: (799, 3999),
        attrs: [
            ("Type", &["Tempered Glass", "Privacy Glass", "Matte Film", "Clear Film"]),
            ("Hardness", &["7H", "8H", "9H"]),
            ("Coverage", &["Full", "Edge-to-edge", "Flat"]),
        ],
        benefits: [
            "a cracked screen costs far more than the glass",
            "it keeps the display free of scratches",
        ],
    },
    KindSpec {
        category: "Chargers",
        noun: "Charger",
        role: "charger",
        per_family: false,
        price: (1299, 7999),
        attrs: [
            ("Wattage", &["20 W", "30 W", "45 W", "65 W", "100 W"]),
            ("Ports", &["1", "2", "3"]),
            ("Plug", &["USB-C", "USB-A + USB-C", "Magnetic"]),
        ],
        benefits: ["there is no charger in the box", "it tops up in half the time"],
    },
    KindSpec {
        category: "Cables",
        noun: "Cable",
        role: "cable",
        per_family: false,
        price: (500, 3999),
        attrs: [
            ("Connector", &["USB-C", "HDMI", "Lightning", "DisplayPort", "Optical", "Ethernet"]),
            ("Length", &["1 m", "1.5 m", "2 m", "3 m", "5 m"]),
            ("Jacket", &["Braided", "PVC", "Silicone"]),
        ],
        benefits: ["the cable in the box is short", "a spare cable saves a lot of searching"],
    },
    KindSpec {
        category: "Bags",
        noun: "Bag",
        role: "bag",
        per_family: false,
        price: (1999, 14999),
        attrs: [
            ("Style", &["Sling", "Padded", "Roll-Top", "Hard-Shell", "Travel"]),
            ("Volume", &["5 l", "10 l", "18 l", "25 l"]),
            ("Fabric", &["Recycled nylon", "Canvas", "Waxed cotton", "Polyester"]),
        ],
        benefits: ["it travels safely in a padded bag", "everything fits in one place"],
    },
    KindSpec {
        category: "Memory Cards",
        noun: "Memory Card",
        role: "memory-card",
        per_family: false,
        price: (999, 12999),
        attrs: [
            ("Capacity", &["64 GB", "128 GB", "256 GB", "512 GB", "1 TB"]),
            ("Speed class", &["U1", "U3", "V30", "V60", "V90"]),
            ("Format", &["SD", "microSD", "CFexpress"]),
        ],
        benefits: ["the built-in storage fills up fast", "a spare card means you never stop mid-shoot"],
    },
    KindSpec {
        category: "Batteries",
        noun: "Spare Battery",
        role: "battery",
        per_family: true,
        price: (1999, 29999),
        attrs: [
            ("Capacity", &["2000 mAh", "3000 mAh", "4500 mAh", "6000 mAh", "10 Ah"]),
            ("Charge time", &["1 h", "1.5 h", "2 h", "3 h"]),
            ("Chemistry", &["Li-ion", "LiPo", "LiFePO4"]),
        ],
        benefits: [
            "a spare battery doubles the time between charges",
            "the battery runs out at the worst moment",
        ],
    },
    KindSpec {
        category: "Mounts",
        noun: "Mount",
        role: "mount",
        per_family: false,
        price: (1999, 19999),
        attrs: [
            ("Type", &["Fixed", "Tilting", "Full-Motion", "Ceiling", "Desk"]),
            ("Max load", &["5 kg", "15 kg", "30 kg", "50 kg"]),
            ("Fixing", &["Wall plugs included", "Clamp", "Adhesive"]),
        ],
        benefits: ["it frees up space and looks tidy", "the viewing angle is just right on a mount"],
    },
    KindSpec {
        category: "Cleaning Kits",
        noun: "Cleaning Kit",
        role: "cleaning-kit",
        per_family: false,
        price: (500, 2999),
        attrs: [
            ("Type", &["Microfibre", "Screen Spray", "Descaling", "Deep-Clean", "Starter"]),
            ("Uses", &["10", "25", "50", "100"]),
            ("Scent", &["None", "Citrus", "Mint"]),
        ],
        benefits: ["regular cleaning keeps it working like new", "it keeps the warranty conditions met"],
    },
    KindSpec {
        category: "Filters",
        noun: "Filter",
        role: "filter",
        per_family: true,
        price: (999, 8999),
        attrs: [
            ("Type", &["HEPA", "Carbon", "Water", "Charcoal", "Fine-Mesh"]),
            ("Lifetime", &["2 months", "3 months", "6 months", "12 months"]),
            ("Pack", &["1", "2", "3"]),
        ],
        benefits: ["a fresh filter keeps it performing", "filters need changing every few months"],
    },
    KindSpec {
        category: "Straps",
        noun: "Strap",
        role: "strap",
        per_family: true,
        price: (1499, 7999),
        attrs: [
            ("Material", &["Sport", "Leather", "Milanese", "Nylon", "Silicone"]),
            ("Wrist size", &["S/M", "M/L", "One size"]),
            ("Clasp", &["Pin", "Magnetic", "Buckle"]),
        ],
        benefits: ["a second strap suits work and sport", "the strap is the first thing to wear out"],
    },
    KindSpec {
        category: "Ink Cartridges",
        noun: "Ink Cartridge",
        role: "ink",
        per_family: true,
        price: (1499, 6999),
        attrs: [
            ("Type", &["Black", "Colour", "XL Black", "XL Colour", "Multipack"]),
            ("Yield", &["200 pages", "450 pages", "900 pages", "1500 pages"]),
            ("Origin", &["Original", "Remanufactured"]),
        ],
        benefits: ["the starter cartridge runs out quickly", "a spare cartridge avoids stopping mid-job"],
    },
    KindSpec {
        category: "Remotes",
        noun: "Remote",
        role: "remote",
        per_family: false,
        price: (1499, 5999),
        attrs: [
            ("Type", &["Universal", "Voice", "Backlit", "Slim"]),
            ("Batteries", &["2 x AAA", "Rechargeable", "Coin cell"]),
            ("Range", &["8 m", "10 m", "15 m"]),
        ],
        benefits: ["the remote is the first thing to go missing", "one remote runs everything"],
    },
    KindSpec {
        category: "Brush Heads",
        noun: "Brush Heads",
        role: "brush-head",
        per_family: true,
        price: (999, 3999),
        attrs: [
            ("Type", &["Sensitive", "Whitening", "Deep-Clean", "Precision"]),
            ("Pack", &["2", "4", "8"]),
            ("Bristles", &["Soft", "Medium", "Extra soft"]),
        ],
        benefits: ["heads should be changed every three months", "a fresh head cleans noticeably better"],
    },
];

pub(super) fn kind(k: Kind) -> &'static KindSpec {
    &KINDS[k as usize]
}

/// A top-level department: its products climb a ladder of one attribute.
pub(super) struct Dept {
    pub(super) name: &'static str,
    pub(super) noun: &'static str,
    pub(super) ladder: &'static str,
    pub(super) steps: &'static [&'static str],
    /// Whole units, for a tier-1 or single product.
    pub(super) price: (i64, i64),
    /// Accessory kinds, the first one is also the category link.
    pub(super) kinds: &'static [Kind],
}

pub(super) const fn dept(
    name: &'static str,
    noun: &'static str,
    ladder: &'static str,
    steps: &'static [&'static str],
    price: (i64, i64),
    kinds: &'static [Kind],
) -> Dept {
    Dept { name, noun, ladder, steps, price, kinds }
}

#[rustfmt::skip]
pub(super) const DEPTS: &[Dept] = &[
    dept("Phones", "Phone", "Storage", &["64 GB", "128 GB", "256 GB", "512 GB", "1 TB"], (150, 1200), &[Case, Screen, Charger, Cable]),
    dept("Tablets", "Tablet", "Storage", &["64 GB", "128 GB", "256 GB", "512 GB", "1 TB"], (150, 1100), &[Case, Screen, Charger, Cable]),
    dept("Laptops", "Laptop", "Memory", &["8 GB", "16 GB", "32 GB", "64 GB"], (400, 2000), &[Bag, Charger, Cable, Cleaning]),
    dept("Desktops", "Desktop", "Memory", &["8 GB", "16 GB", "32 GB", "64 GB", "128 GB"], (400, 2000), &[Cable, Cleaning]),
    dept("Monitors", "Monitor", "Screen", &["22 in", "24 in", "27 in", "32 in", "34 in"], (120, 900), &[Mount, Cable, Cleaning]),
    dept("TVs", "TV", "Screen", &["43 in", "50 in", "55 in", "65 in", "75 in", "85 in"], (300, 2000), &[Mount, Cable, Remote, Cleaning]),
    dept("Headphones", "Headphones", "Battery life", &["20 h", "30 h", "40 h", "50 h", "60 h"], (30, 400), &[Case, Cable, Charger]),
    dept("Speakers", "Speaker", "Power", &["10 W", "20 W", "40 W", "80 W", "120 W"], (30, 600), &[Mount, Cable, Charger]),
    dept("Soundbars", "Soundbar", "Channels", &["2.0 channels", "2.1 channels", "3.1 channels", "5.1 channels"], (100, 1000), &[Mount, Cable, Remote]),
    dept("Cameras", "Camera", "Sensor", &["20 MP", "24 MP", "33 MP", "45 MP", "61 MP"], (300, 2000), &[Bag, MemoryCard, Battery, Strap, Cleaning]),
    dept("Lenses", "Lens", "Focal length", &["24 mm", "35 mm", "50 mm", "85 mm", "135 mm"], (150, 1500), &[Filter, Bag, Cleaning]),
    dept("Drones", "Drone", "Flight time", &["20 min", "30 min", "40 min", "45 min"], (200, 1500), &[Battery, Bag, MemoryCard]),
    dept("Smartwatches", "Smartwatch", "Case size", &["40 mm", "42 mm", "44 mm", "46 mm", "49 mm"], (100, 800), &[Strap, Screen, Charger]),
    dept("Fitness Trackers", "Tracker", "Battery life", &["5 days", "7 days", "10 days", "14 days"], (30, 250), &[Strap, Charger]),
    dept("E-Readers", "E-Reader", "Storage", &["8 GB", "16 GB", "32 GB", "64 GB"], (80, 400), &[Case, Screen, Charger]),
    dept("Game Consoles", "Console", "Storage", &["512 GB", "1 TB", "2 TB"], (250, 700), &[Cable, MemoryCard, Bag]),
    dept("Video Games", "Game", "Edition", &["Standard Edition", "Deluxe Edition", "Gold Edition", "Ultimate Edition"], (20, 100), &[MemoryCard, Cable]),
    dept("Routers", "Router", "Wi-Fi class", &["AX1800", "AX3000", "AX5400", "AX6000", "BE9300"], (50, 500), &[Cable, Mount]),
    dept("Printers", "Printer", "Print speed", &["20 ppm", "25 ppm", "30 ppm", "40 ppm"], (80, 700), &[Ink, Cable]),
    dept("Coffee Machines", "Coffee Machine", "Water tank", &["1.0 l", "1.5 l", "1.8 l", "2.0 l"], (80, 1500), &[Filter, Cleaning]),
    dept("Vacuum Cleaners", "Vacuum", "Suction", &["100 AW", "150 AW", "200 AW", "240 AW", "280 AW"], (100, 800), &[Filter, Battery, Cleaning]),
    dept("Washing Machines", "Washer", "Capacity", &["7 kg", "8 kg", "9 kg", "10 kg", "11 kg"], (350, 1500), &[Cleaning]),
    dept("Fridges", "Fridge", "Capacity", &["250 l", "300 l", "350 l", "400 l", "500 l"], (400, 2500), &[Filter, Cleaning]),
    dept("Dishwashers", "Dishwasher", "Capacity", &["9 place settings", "12 place settings", "13 place settings", "14 place settings"], (350, 1200), &[Cleaning]),
    dept("Microwaves", "Microwave", "Power", &["700 W", "800 W", "900 W", "1000 W", "1200 W"], (60, 400), &[Cleaning]),
    dept("Kettles", "Kettle", "Capacity", &["1.0 l", "1.2 l", "1.5 l", "1.7 l"], (20, 150), &[Filter, Cleaning]),
    dept("Toasters", "Toaster", "Slots", &["2 slots", "4 slots", "6 slots"], (20, 150), &[Cleaning]),
    dept("Blenders", "Blender", "Power", &["600 W", "800 W", "1000 W", "1200 W", "1500 W"], (30, 500), &[Cleaning]),
    dept("Hair Dryers", "Hair Dryer", "Power", &["1600 W", "1800 W", "2000 W", "2200 W"], (20, 400), &[Bag, Cleaning]),
    dept("Toothbrushes", "Toothbrush", "Modes", &["2 modes", "3 modes", "5 modes", "6 modes"], (20, 300), &[BrushHead, Charger, Bag]),
    dept("Shavers", "Shaver", "Runtime", &["45 min", "60 min", "90 min", "120 min"], (30, 400), &[Cleaning, Bag, Charger]),
    dept("Air Purifiers", "Air Purifier", "Room size", &["20 m²", "30 m²", "40 m²", "60 m²", "80 m²"], (80, 800), &[Filter, Remote]),
    dept("E-Bikes", "E-Bike", "Range", &["40 km", "60 km", "80 km", "100 km", "120 km"], (900, 2800), &[Battery, Charger, Bag]),
    dept("Scooters", "Scooter", "Range", &["20 km", "30 km", "45 km", "60 km"], (250, 1200), &[Charger, Bag, Mount]),
    dept("Security Cameras", "Camera", "Resolution", &["1080p", "2K", "4K"], (40, 400), &[Mount, MemoryCard, Cable]),
    dept("Projectors", "Projector", "Brightness", &["1000 lm", "2000 lm", "3000 lm", "4000 lm"], (200, 2500), &[Mount, Cable, Remote]),
    dept("Keyboards", "Keyboard", "Layout", &["60 %", "75 %", "TKL", "Full size"], (25, 250), &[Cable, Cleaning]),
    dept("Mice", "Mouse", "Sensor", &["8000 DPI", "16000 DPI", "26000 DPI", "32000 DPI"], (15, 180), &[Cable, Bag]),
    dept("Storage Drives", "Drive", "Capacity", &["500 GB", "1 TB", "2 TB", "4 TB", "8 TB"], (40, 600), &[Case, Cable]),
    dept("Power Tools", "Drill", "Voltage", &["12 V", "18 V", "24 V", "36 V"], (50, 600), &[Battery, Charger, Bag]),
];

/// Sub-category names, combined with departments ("Phones > Rugged").
pub(super) const QUALIFIERS: &[&str] = &[
    "Rugged", "Compact", "Pro", "Smart", "Budget", "Premium", "Wireless", "Outdoor", "Kids", "Travel",
    "Gaming", "Studio", "Classic", "Eco", "Portable", "Mini", "Home", "Office", "Sport", "Family",
];

pub(super) const BRANDS: &[&str] = &[
    "Aurora", "Tessel", "Harbor", "Nimbus", "Kestrel", "Lumen", "Orbit", "Quill", "Sable", "Talon", "Vireo",
    "Zephyr", "Cobalt", "Ember", "Fjord", "Granite", "Halcyon", "Juniper", "Lark", "Meridian", "Onyx",
    "Pico", "Quasar", "Ridge", "Solace", "Tundra", "Vantage", "Willow", "Yarrow", "Zenith", "Atlas",
    "Beacon",
];

pub(super) const ACCESSORY_BRANDS: &[&str] = &[
    "Shell", "Volt", "Link", "Armor", "Grip", "Tether", "Clarity", "Pure", "Keeper", "Nook", "Brace",
    "Sprout",
];

pub(super) const SERIES: &[&str] = &[
    "Nova", "Prime", "Edge", "Pulse", "Flex", "Air", "Core", "Neo", "Vista", "Spark", "Echo", "Arc", "Wave",
    "Glide", "Peak", "Halo", "Volta", "Terra",
];

pub(super) const MODEL_LETTERS: &[&str] = &["A", "S", "X", "Z", "M", "Q", "R", "T"];

/// Attributes a main product may carry besides its ladder and warranty.
pub(super) const EXTRAS: &[(&str, &[&str])] = &[
    ("Colour", &["Graphite", "Silver", "White", "Midnight Blue", "Sage", "Sand", "Red"]),
    ("Finish", &["Matte", "Gloss", "Brushed metal", "Soft-touch"]),
    ("Connectivity", &["Wi-Fi", "Bluetooth", "Wi-Fi + Bluetooth", "USB-C", "None"]),
    ("Energy class", &["A", "B", "C", "D"]),
    ("Made in", &["Germany", "Japan", "Korea", "Taiwan", "Poland", "Mexico", "Vietnam"]),
    ("Weight", &["0.2 kg", "0.5 kg", "1.1 kg", "2.4 kg", "4.8 kg", "9.5 kg"]),
];

pub(super) const COLOURS: &[&str] = &["Black", "White", "Grey", "Navy", "Olive", "Coral"];

pub(super) const SELLING_POINTS: &[&str] = &[
    "Quiet in everyday use",
    "Set up in five minutes",
    "Energy-saving standby",
    "Lightweight, solid build",
    "Spare parts for seven years",
    "Works with every major app",
    "Made with recycled plastic",
    "Award-winning design",
    "Easy-clean surfaces",
    "Fast to charge",
    "Built-in safety cut-out",
    "Tested for 10,000 hours",
    "Free firmware updates",
    "Compact footprint",
    "One-button control",
    "Top rated by reviewers",
    "Low running costs",
    "Sturdy metal frame",
];

pub(super) const ACCESSORY_POINTS: &[&str] = &[
    "Fits perfectly, no gaps",
    "Free replacement for a year",
    "Certified by the device maker",
    "Slim and light",
    "Recyclable packaging",
    "Tested to industry standards",
    "Best seller in its class",
];

/// Services: name, category, role, price as a percentage of the band's top, duration.
pub(super) const SERVICES: &[(&str, &str, &str, i64, &str)] = &[
    ("1-Year Protection", "Protection", "protection-plan", 7, "1 year"),
    ("2-Year Protection", "Protection", "protection-plan", 10, "2 years"),
    ("3-Year Protection", "Protection", "protection-plan", 13, "3 years"),
    ("Installation", "Installation", "installation", 5, "One visit"),
    ("Setup & Data Transfer", "Setup", "setup", 4, "One visit"),
];

pub(super) const SERVICE_CATEGORIES: &[&str] = &["Protection", "Installation", "Setup"];

/// Cover bands of the services, in minor units; together they span 0.00-5000.00.
pub(super) const BANDS: &[(i64, i64)] = &[
    (0, 9_999),
    (10_000, 24_999),
    (25_000, 49_999),
    (50_000, 99_999),
    (100_000, 199_999),
    (200_000, 500_000),
];

pub(super) const SERVICE_BRANDS: &[&str] = &["CareFirst", "ShieldPlus", "Guardian", "SafeHands", "FixRight"];
