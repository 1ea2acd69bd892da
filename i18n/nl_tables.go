package i18n

import "fmt"

// nlText is the Dutch of every English text the code passes to Lang.T,
// Lang.S, Lang.N, M and Errorf, keyed by the English: the union of the
// per-area tables, so that each area keeps its words in its own file.
var nlText = mergeNL(nlCore, nlCLI, nlWizard, nlImports, nlDoor, nlBuy, nlSync, nlTxt)

// mergeNL joins Dutch tables; the same English key with two different
// Dutch texts is a mistake (one of them would silently win), so it panics
// at start, which every test of the package catches; the same text twice
// is harmless.
func mergeNL(tables ...map[string]string) map[string]string {
	out := make(map[string]string, len(tables[0]))
	for _, t := range tables {
		for k, v := range t {
			if old, ok := out[k]; ok && old != v {
				panic(fmt.Sprintf("i18n: %q has two Dutch texts: %q and %q", k, old, v))
			}
			out[k] = v
		}
	}
	return out
}
