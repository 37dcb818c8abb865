import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';

const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'Language of the components',
      toolbar: { title: 'Language', icon: 'globe', items: [{ value: 'it', title: 'Italiano' }, { value: 'en', title: 'English' }], dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'en' },
  parameters: { layout: 'padded', controls: { expanded: true } },
};
export default preview;
