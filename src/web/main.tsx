// The first screen's styles only, in Mantine's order and CSS layer: its base and the components the home, the menus
// and the sign-in page use. The rest comes with the first page loaded on demand (src/web/styles.ts, ADR 0164).
import "@mantine/core/styles/baseline.layer.css";
import "@mantine/core/styles/default-css-variables.layer.css";
import "@mantine/core/styles/global.layer.css";
import "@mantine/core/styles/ScrollArea.layer.css";
import "@mantine/core/styles/UnstyledButton.layer.css";
import "@mantine/core/styles/Paper.layer.css";
import "@mantine/core/styles/Loader.layer.css";
import "@mantine/core/styles/ActionIcon.layer.css";
import "@mantine/core/styles/CloseButton.layer.css";
import "@mantine/core/styles/Group.layer.css";
import "@mantine/core/styles/Input.layer.css";
import "@mantine/core/styles/Accordion.layer.css";
import "@mantine/core/styles/Alert.layer.css";
import "@mantine/core/styles/Text.layer.css";
import "@mantine/core/styles/Anchor.layer.css";
import "@mantine/core/styles/Combobox.layer.css";
import "@mantine/core/styles/Avatar.layer.css";
import "@mantine/core/styles/Badge.layer.css";
import "@mantine/core/styles/Burger.layer.css";
import "@mantine/core/styles/Button.layer.css";
import "@mantine/core/styles/Card.layer.css";
import "@mantine/core/styles/Center.layer.css";
import "@mantine/core/styles/Container.layer.css";
import "@mantine/core/styles/Divider.layer.css";
import "@mantine/core/styles/Indicator.layer.css";
import "@mantine/core/styles/NavLink.layer.css";
import "@mantine/core/styles/PasswordInput.layer.css";
import "@mantine/core/styles/Progress.layer.css";
import "@mantine/core/styles/SimpleGrid.layer.css";
import "@mantine/core/styles/Stack.layer.css";
import "@mantine/core/styles/ThemeIcon.layer.css";
import "@mantine/core/styles/Title.layer.css";
import "./app.css";
import { StrictMode, type ReactNode, useEffect } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { App, createQueryClient } from "./App";
import { prefetchMe, takeDrawnHome } from "./auth";
import { loadCatalogue, readLocaleCookie } from "./i18n";
import { keepAnswer } from "./pwa/offline";
import { startOfflineSupport } from "./pwa/register";
import { DRAWN_HOME_ID, HOME_CALL } from "../modules/home/model";
import type { Home } from "../modules/home/present";

const queryClient = createQueryClient();
// Back online, every screen's data is fetched again, so the kept copies give way to fresh ones.
startOfflineSupport(() => void queryClient.invalidateQueries());

// On the home the server may have drawn the first screen and sent its data with it (ADR 0191): the page takes the
// drawing over. Otherwise it asks for the signed-in user at once, before the first render (ADR 0190).
const drawn = document.getElementById(DRAWN_HOME_ID)?.textContent;
if (drawn) {
  takeDrawnHome(queryClient, JSON.parse(drawn) as Home);
  void keepAnswer(HOME_CALL, drawn).catch(() => undefined);
} else prefetchMe(queryClient);

/** Marks the moment the scripts have the page in hand (a drawn home taken over, or the page drawn): the bench reads it. */
function Started({ children }: { children: ReactNode }) {
  useEffect(() => void performance.mark("chibo:started"), []);
  return children;
}

// The page waits for the reader's catalogue (ADR 0182; the Vietnamese one is preloaded with the scripts). If English
// cannot be fetched the page opens in Vietnamese; if neither can, it opens showing the keys rather than not at all
// (offline, the service worker holds both).
void loadCatalogue(readLocaleCookie() ?? "vi")
  .catch(() => loadCatalogue("vi"))
  .catch(() => undefined)
  .then(() => {
    const root = document.getElementById("root")!;
    const app = (
      <StrictMode>
        <Started>
          <App queryClient={queryClient} />
        </Started>
      </StrictMode>
    );
    if (drawn) hydrateRoot(root, app);
    else createRoot(root).render(app);
  });
